import type { AskerName, ErasureResult, MyData, PrivacyNotice, PrivacyRequest, PrivacyRequestInput, UnitContactInput } from '../../../../shared/schemas/privacy.ts';
import { urlOf } from '../../../../shared/http.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

/** The JSON of "my data" as a file: the server names it and sends it as an attachment. */
export const MY_DATA_DOWNLOAD = urlOf(PATHS.privacy.myData, { query: { download: '1' } });

/** Personal data: the notice, a resident's own data, audited name reading, and requests received elsewhere. */
export const privacyApi = {
  notice: () => call(PATHS.privacy.notice),
  saveContact: (input: UnitContactInput) => call(PATHS.privacy.saveContact, { body: input }),
  myData: () => call(PATHS.privacy.myData),
  erase: () => call(PATHS.privacy.erase, { body: { confirm: true } }),
  askerName: (questionId: number) => call(PATHS.privacy.askerName, { params: { id: questionId } }),
  requests: () => call(PATHS.privacy.requests),
  recordRequest: (input: PrivacyRequestInput) => call(PATHS.privacy.recordRequest, { body: input }),
  closeRequest: (id: number, outcome: string) => call(PATHS.privacy.closeRequest, { params: { id }, body: { outcome } }),
};
