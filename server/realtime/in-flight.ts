/**
 * Counts commands being handled, so a shutdown can stop taking new ones and still ack every one it took.
 */
export function createInFlight() {
  let count = 0;
  let draining = false;
  let onIdle: (() => void) | null = null;

  return {
    get draining() {
      return draining;
    },
    begin() {
      count += 1;
    },
    end() {
      count -= 1;
      if (count === 0 && onIdle) onIdle();
    },
    /** Refuses new commands from now on and resolves when the ones under way are acked, or after `timeoutMs`. */
    drain(timeoutMs: number): Promise<void> {
      draining = true;
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
export type InFlight = ReturnType<typeof createInFlight>;
