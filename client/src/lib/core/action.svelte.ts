import type { Ack, ErrorBody } from '../../../../shared/errors.ts';

/**
 * One thing a page does on request, as the page shows it: `busy` while it is under way (buttons disabled), the
 * error it ended with, cleared when it is tried again.
 */
export class Action {
  busy = $state(false);
  error = $state.raw<ErrorBody | null>(null);

  /**
   * Runs `call` and keeps a failed ack's error; a success's data goes to `apply` before `busy` drops, so a page
   * never shows the old state as settled. Resolves to whether it succeeded.
   */
  async run<T>(call: () => Promise<Ack<T>>, apply?: (data: T) => void): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const ack = await call();
      if (!ack.ok) {
        this.error = ack.error;
        return false;
      }
      apply?.(ack.data);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
