/**
 * Conversions between <input type=date|time> values and ISO instants, always in Vietnam time (UTC+7 all year,
 * no daylight saving), whatever zone the administrator's computer is set to.
 */
const OFFSET = '+07:00';
const OFFSET_MS = 7 * 60 * 60 * 1000;

export function toIsoInVietnam(date: string, time: string): string {
  return `${date}T${time}:00${OFFSET}`;
}

export function fromIsoInVietnam(iso: string): { date: string; time: string } {
  const shifted = new Date(Date.parse(iso) + OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}
