export interface Countdown {
  days: number;
  hours: number;
  minutes: number;
  /** The moment has come (or passed). */
  done: boolean;
}

/** Days, hours and minutes until `target`, with minutes rounded up so "0 minutes" only shows once it has begun. */
export function countdown(targetMs: number, nowMs: number): Countdown {
  const left = targetMs - nowMs;
  if (left <= 0) return { days: 0, hours: 0, minutes: 0, done: true };
  const totalMinutes = Math.ceil(left / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
    done: false,
  };
}
