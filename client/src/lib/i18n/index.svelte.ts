import type { Locale } from '../../../../shared/time.ts';
import { fill, type Params } from './format.ts';
import { vi, type MessageKey } from './vi.ts';

export type { MessageKey, Params };

const STORAGE_KEY = 'toadam.locale';
// English is fetched when chosen: most readers never switch, and a phone on a slow link need not download it.
const CATALOGUES: Partial<Record<Locale, Record<MessageKey, string>>> = { vi };
const LOADERS: Record<Locale, () => Promise<Record<MessageKey, string>>> = {
  vi: async () => vi,
  en: async () => (await import('./en.ts')).en,
};

function storedLocale(): Locale {
  // Storage can be disabled (private mode, strict settings); the app then simply starts in Vietnamese.
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

class I18n {
  locale = $state<Locale>('vi');
  /** Settles once the remembered language's messages are here; the app mounts after it. */
  readonly ready: Promise<void>;

  constructor() {
    document.documentElement.lang = this.locale;
    this.ready = this.set(storedLocale());
  }

  /** Switches once the language's messages have arrived; a failed fetch keeps the current language. */
  async set(locale: Locale): Promise<void> {
    try {
      CATALOGUES[locale] ??= await LOADERS[locale]();
    } catch {
      return;
    }
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
  return fill((CATALOGUES[i18n.locale] ?? vi)[key], params);
}
