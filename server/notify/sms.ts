import { stripMarks } from '../../shared/text/fold.ts';
import { DeliveryError, type Channel } from './channels.ts';
import { fitTo } from './messages.ts';

export interface SmsConfig {
  url: string;
  key: string;
  /** The brand name registered with the carriers, if the gateway asks for one. */
  sender: string | undefined;
}

/** One GSM-7 segment. Vietnamese with its marks needs UCS-2 and 70 characters, so SMS go without marks. */
export const SMS_MAX = 160;

/** The SMS text: the news without diacritics, then the link, within one segment. */
export function smsText(line: string, link: string): string {
  const tail = ` ${link}`;
  return fitTo(stripMarks(line), SMS_MAX - tail.length) + tail;
}

/**
 * SMS through a generic HTTP gateway: POST {to, text, sender, reference} as JSON with a bearer key. A 2xx is
 * accepted; 429 and 5xx may pass later; any other 4xx refuses this message for good.
 */
export function createSmsChannel(config: SmsConfig): Channel {
  return {
    name: 'sms',
    async send(message) {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${config.key}`, 'idempotency-key': message.key },
        body: JSON.stringify({ to: message.to, text: smsText(message.template.params.line ?? '', message.link), sender: config.sender, reference: message.key }),
      }).catch((error: Error) => {
        throw new DeliveryError(`SMS: ${error.message}`);
      });
      if (response.ok) return;
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new DeliveryError(`SMS: HTTP ${response.status} ${detail}`.trim(), response.status >= 400 && response.status < 500 && response.status !== 429);
    },
  };
}
