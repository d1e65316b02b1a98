/**
 * A media module's state, replaced whole on every change: a component or effect that reads `current` follows it,
 * like any other rune, while the module itself stays free of components.
 */
export class MediaState<T extends object> {
  current = $state.raw() as T;

  constructor(initial: T) {
    this.current = initial;
  }

  update(patch: Partial<T>): void {
    this.current = { ...this.current, ...patch };
  }
}

/** What a page gets: the state to read, not to change. */
export type ReadonlyState<T extends object> = { readonly current: T };
