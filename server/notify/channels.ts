import type { ContactRow } from '../core/outbox.repository.ts';

/** A message ready for one channel; `key` is the notification's, so a provider or a reader can spot a repeat. */
export interface OutgoingMessage {
  key: string;
  to: string;
  lang: 'vi' | 'en';
  subject: string;
  text: string;
  html: string;
  stopUrl: string;
  /** The question's page, or the stop link when there is none: what a short message points to. */
  link: string;
  /** For template channels (ZNS): the approved template's name and its parameters. */
  template: { name: string; params: Record<string, string> };
}

/** A delivery failure; `permanent` ones (a refused address, a rejected template) go to dead letter at once. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** One way of reaching a resident. Configured from the environment; a channel not configured is absent. */
export interface Channel {
  readonly name: ContactRow['channel'];
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}
