/**
 * The Vietnamese lunisolar calendar, computed rather than typed in, so the lunar holidays (Tết, the Hùng Kings'
 * day) are known for any year the platform meets. Months begin on the day of the new moon and the 11th month holds
 * the winter solstice, both judged on the local wall clock: UTC+7 for Vietnam. China's calendar is the same rule at
 * UTC+8, which is why the two sometimes put Tết on different days (1985 by a month, 2007 by a day).
 *
 * The astronomy is the classical approximation used by Hồ Ngọc Đức's published Vietnamese calendar (new moons
 * after Meeus, the sun's apparent longitude to about 0.01°), accurate to the day for 1800–2199.
 */

export const VIETNAM_UTC_OFFSET_HOURS = 7;

const DR = Math.PI / 180;
/** Julian day number of 1900-01-01, the epoch of the new-moon series. */
const EPOCH = 2415021.076998695;
const SYNODIC_MONTH = 29.530588853;

function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

function isoDayOf(julian: number): string {
  const a = julian + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((b * 146097) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = b * 100 + d - 4800 + Math.floor(m / 10);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant (Julian day, UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DR);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * DR) + 0.0021 * Math.sin(2 * DR * m);
  c1 += -0.4068 * Math.sin(mpr * DR) + 0.0161 * Math.sin(DR * 2 * mpr) - 0.0004 * Math.sin(DR * 3 * mpr);
  c1 += 0.0104 * Math.sin(DR * 2 * f) - 0.0051 * Math.sin(DR * (m + mpr)) - 0.0074 * Math.sin(DR * (m - mpr));
  c1 += 0.0004 * Math.sin(DR * (2 * f + m)) - 0.0004 * Math.sin(DR * (2 * f - m)) - 0.0006 * Math.sin(DR * (2 * f + mpr));
  c1 += 0.001 * Math.sin(DR * (2 * f - mpr)) + 0.0005 * Math.sin(DR * (2 * mpr + m));
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c1 - deltaT;
}

/** The local day (Julian day number) on which the k-th new moon falls. */
function newMoonDay(k: number, offsetHours: number): number {
  return Math.floor(newMoon(k) + 0.5 + offsetHours / 24);
}

/** Which twelfth of the ecliptic (0–11, 30° each) the sun is in at local midnight starting that day. */
function sunSector(day: number, offsetHours: number): number {
  const t = (day - 0.5 - offsetHours / 24 - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(DR * m);
  dl += (0.019993 - 0.000101 * t) * Math.sin(DR * 2 * m) + 0.00029 * Math.sin(DR * 3 * m);
  let longitude = (l0 + dl) * DR;
  longitude -= Math.PI * 2 * Math.floor(longitude / (Math.PI * 2));
  return Math.floor((longitude / Math.PI) * 6);
}

/** The first day of the lunar month that holds the winter solstice of `year`. */
function month11Start(year: number, offsetHours: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const day = newMoonDay(k, offsetHours);
  return sunSector(day, offsetHours) >= 9 ? newMoonDay(k - 1, offsetHours) : day;
}

/** Months after month 11 of a leap year at which the leap month (the first with no new sun sector) comes. */
function leapMonthOffset(month11: number, offsetHours: number): number {
  const k = Math.floor((month11 - EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  let last: number;
  do {
    last = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  } while (sector !== last && i < 14);
  return i - 1;
}

/** The Gregorian day (`YYYY-MM-DD`) of a day of a regular (not leap) lunar month of the lunar year `lunarYear`. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, offsetHours = VIETNAM_UTC_OFFSET_HOURS): string {
  const before = lunarMonth < 11;
  const a11 = month11Start(before ? lunarYear - 1 : lunarYear, offsetHours);
  const b11 = month11Start(before ? lunarYear : lunarYear + 1, offsetHours);
  const k = Math.floor(0.5 + (a11 - EPOCH) / SYNODIC_MONTH);
  let offset = (lunarMonth - 11 + 12) % 12;
  // A year of 13 months: the months from the leap month on sit one later.
  if (b11 - a11 > 365 && offset >= leapMonthOffset(a11, offsetHours)) offset += 1;
  return isoDayOf(newMoonDay(k + offset, offsetHours) + lunarDay - 1);
}

/** The first day of Tết of the lunar year that begins in Gregorian `year`. */
export function tetDay(year: number, offsetHours = VIETNAM_UTC_OFFSET_HOURS): string {
  return lunarToSolar(year, 1, 1, offsetHours);
}

/** The Hùng Kings' commemoration: the 10th day of the 3rd lunar month (the regular one when the 3rd is doubled). */
export function hungKingsDay(year: number): string {
  return lunarToSolar(year, 3, 10);
}
