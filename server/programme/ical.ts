import type { Session } from '../../shared/schemas/session.ts';
import { formatShortDate } from '../../shared/time.ts';

/** RFC 5545 text escaping: backslash, semicolon, comma and line breaks. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function stamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The date the notice went out, as the law asks residents be told at least 7 days ahead (Art. 43). */
function noticeLine(session: Session): string {
  return session.noticeAt ? `Thông báo ngày / Notice given: ${formatShortDate(session.noticeAt)}` : '';
}

/** An iCalendar document for the given sessions; times in UTC, which every calendar shows in its own zone. */
export function toICalendar(options: { name: string; sessions: readonly Session[]; baseUrl: string; now: Date }): string {
  const { name, sessions, baseUrl, now } = options;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Toa dam//Town hall programme//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    'X-WR-TIMEZONE:Asia/Ho_Chi_Minh',
  ];
  for (const session of sessions) {
    const url = `${baseUrl}/s/${session.id}`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:session-${session.id}@toadam`,
      `DTSTAMP:${stamp(now.toISOString())}`,
      `DTSTART:${stamp(session.startsAt)}`,
      `DTEND:${stamp(session.endsAt)}`,
      `SUMMARY:${escapeText(`${session.title}: ${session.theme}`)}`,
      `DESCRIPTION:${escapeText([session.description, noticeLine(session), url].filter(Boolean).join('\n\n'))}`,
      `LOCATION:${escapeText(url)}`,
      `URL:${url}`,
      `STATUS:CONFIRMED`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
