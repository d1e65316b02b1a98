/** At least 10% of a unit's voters may require its People's Committee to hold a dialogue (Art. 43). */
export const REQUEST_SHARE = 0.1;

export function backersNeeded(voterCount: number | null): number | null {
  return voterCount === null ? null : Math.ceil(voterCount * REQUEST_SHARE);
}
