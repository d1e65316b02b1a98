import nodemailer from 'nodemailer';
import { DeliveryError, type Channel } from './channels.ts';

export interface EmailConfig {
  url: string;
  from: string;
  replyTo: string | undefined;
}

/** E-mail through SMTP. The notification key becomes the Message-ID, so a message resent after a crash is one. */
export function createEmailChannel(config: EmailConfig): Channel {
  const transport = nodemailer.createTransport(config.url);
  return {
    name: 'email',
    async send(message) {
      try {
        await transport.sendMail({
          from: config.from,
          replyTo: config.replyTo,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.key.replace(/[^A-Za-z0-9.:-]/g, '-')}@toadam>`,
          // RFC 8058: a mail client's "unsubscribe" POSTs to the link itself, without opening the page it shows.
          headers: { 'List-Unsubscribe': `<${message.stopUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
      } catch (error) {
        // 5xx replies refuse this message for good; anything else (a refused connection, 4xx) may pass later.
        const code = (error as { responseCode?: number }).responseCode;
        throw new DeliveryError(`SMTP: ${(error as Error).message}`, code !== undefined && code >= 500);
      }
    },
    close() {
      transport.close();
    },
  };
}
