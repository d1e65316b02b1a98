import type { ErrorBody } from '../../../../shared/errors.ts';
import { t } from '../i18n/index.svelte.ts';

/** What a person reads for an error: always the translated code, never the server's developer message. */
export function errorText(error: ErrorBody): string {
  if (error.code === 'rate_limited') {
    return error.retryAfter ? t('error.rate_limited', { seconds: error.retryAfter }) : t('error.rate_limited_short');
  }
  return t(`error.${error.code}`);
}
