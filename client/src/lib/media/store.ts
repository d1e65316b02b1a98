/** A tiny observable value: Svelte's `$store` syntax works with it, and so does any plain subscriber. */
export interface Readable<T> {
  get(): T;
  /** Calls `fn` at once with the current value and after every change; returns the unsubscribe function. */
  subscribe(fn: (value: T) => void): () => void;
}

export interface Writable<T> extends Readable<T> {
  update(patch: Partial<T>): void;
}

export function createStore<T extends object>(initial: T): Writable<T> {
  let value = initial;
  const subscribers = new Set<(value: T) => void>();
  return {
    get: () => value,
    subscribe(fn) {
      subscribers.add(fn);
      fn(value);
      return () => void subscribers.delete(fn);
    },
    update(patch) {
      value = { ...value, ...patch };
      for (const fn of subscribers) fn(value);
    },
  };
}
