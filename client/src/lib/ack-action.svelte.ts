import type { Ack, ErrorBody } from '../../../shared/errors.ts';

/** A small form's one request at a time: busy while it runs, its refusal kept to show, its answer handed on. */
export class AckAction {
  busy = $state(false);
  error = $state.raw<ErrorBody | null>(null);

  async run<T>(action: () => Promise<Ack<T>>, onData: (data: T) => void): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const ack = await action();
      if (ack.ok) onData(ack.data);
      else this.error = ack.error;
    } finally {
      this.busy = false;
    }
  }
}
