import type { Locale } from '../../../../shared/time.ts';
import { en } from './en.ts';
import { fill, type Params } from './format.ts';
import { vi, type MessageKey } from './vi.ts';

export type { MessageKey, Params };

const STORAGE_KEY = 'toadam.locale';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { vi, en };

function storedLocale(): Locale {
  // Storage can be disabled (private mode, strict settings); the app then simply starts in Vietnamese.
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

class I18n {
  locale = $state<Locale>(storedLocale());

  constructor() {
    document.documentElement.lang = this.locale;
  }

  set(locale: Locale): void {
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered across visits when storage is unavailable; the switch still works for this page.
    }
  }
}

export const i18n = new I18n();

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  return fill(CATALOGUES[i18n.locale][key], params);
}
