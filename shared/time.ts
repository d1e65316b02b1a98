/** Every time a person reads is shown in the host's zone, whatever the device's clock says. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type Locale = 'vi' | 'en';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: TIME_ZONE, ...options });
    formatters.set(key, found);
  }
  return found;
}

export function formatTime(iso: string, locale: Locale): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return formatter(locale, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** "18/12/2025": the day in the host's zone, as Vietnamese documents write it in either language. */
export function formatShortDate(iso: string): string {
  return formatter('en', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) as people read it: "Thursday, 01/01/2026". */
export function formatDay(day: string, locale: Locale): string {
  // Noon in Vietnam is the same calendar day in the host's zone whatever the device's zone.
  return formatDate(`${day}T05:00:00Z`, locale);
}

/** "14:00, Thursday, 18/12/2025" in the host's zone. */
export function formatMoment(iso: string, locale: Locale): string {
  return `${formatTime(iso, locale)}, ${formatDate(iso, locale)}`;
}

/** "14:00–16:00, Thursday, 18/12/2025" in the host's zone. */
export function formatSpan(startIso: string, endIso: string, locale: Locale): string {
  return `${formatTime(startIso, locale)}–${formatTime(endIso, locale)}, ${formatDate(startIso, locale)}`;
}

/** The calendar month and year of an instant in the host's zone. */
export function zonedYearMonth(at: Date): { year: number; month: number } {
  const parts = formatter('en', { year: 'numeric', month: 'numeric' }).formatToParts(at);
  const pick = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: pick('year'), month: pick('month') };
}

/** The UTC instant of a wall-clock time in the host's zone (Vietnam keeps UTC+7 all year, no DST). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour - 7, minute));
}
