import { formatMoment } from '../../shared/time.ts';
import type { NotificationKind } from '../core/outbox.repository.ts';

type Lang = 'vi' | 'en';
type Params = Record<string, unknown>;

/** A session's title in a reminder, short enough that the line fits a ZNS parameter or an SMS. */
const title = (p: Params) => fitTo(String(p.title ?? ''), 80);
const when = (p: Params, lang: Lang) => (typeof p.startsAt === 'string' ? formatMoment(p.startsAt, lang) : '');

/**
 * Whose question it is, as the line says it: the asker's ("your question"), or, to someone who asked for its news
 * by its tracking code (`follower`), the question by its code.
 */
const whose = (p: Params, lang: Lang) => (p.follower ? (lang === 'vi' ? `Câu hỏi ${p.code}` : `Question ${p.code}`) : lang === 'vi' ? 'Câu hỏi của bạn' : 'Your question');

/** One sentence of news per kind, short enough for an SMS or a ZNS template parameter. */
const LINES: Record<Lang, Record<NotificationKind, (p: Params) => string>> = {
  vi: {
    verify: (p) => `Mã xác nhận nhận tin về câu hỏi của bạn: ${p.code}`,
    approved: (p) => `${whose(p, 'vi')} đã được duyệt và hiển thị trong phiên tọa đàm.`,
    rejected: (p) => `Câu hỏi của bạn chưa được đăng. Lý do: ${REASONS.vi[String(p.reason)] ?? p.reason}${p.note ? ` (${p.note})` : ''}.`,
    on_stage: (p) => `${whose(p, 'vi')} đang được đưa lên để trả lời trực tiếp.`,
    answered_live: (p) => `${whose(p, 'vi')} đã được trả lời trực tiếp tại phiên tọa đàm.`,
    assigned: (p) => `Câu hỏi ${p.code} đã được giao cho ${p.department}, hạn trả lời ${p.dueDay}.`,
    handed_over: (p) => `Câu hỏi ${p.code} đã được chuyển cho ${p.department}, hạn trả lời mới ${p.dueDay}.`,
    answered_written: (p) => `Câu hỏi ${p.code} đã được ${p.department} trả lời bằng văn bản.`,
    overdue: (p) => `Câu hỏi ${p.code} đã quá hạn trả lời (${p.dueDay}); phường đang đôn đốc.`,
    verify_reminder: (p) => `Mã xác nhận nhắc lịch tọa đàm: ${p.code}`,
    remind_day: (p) => `Nhắc lịch: "${title(p)}" bắt đầu lúc ${when(p, 'vi')}.`,
    remind_hour: (p) => `Nhắc lịch: khoảng một giờ nữa, "${title(p)}" bắt đầu (${when(p, 'vi')}).`,
  },
  en: {
    verify: (p) => `Your code to get news of your question: ${p.code}`,
    approved: (p) => `${whose(p, 'en')} was approved and is shown in the town hall.`,
    rejected: (p) => `Your question was not published. Reason: ${REASONS.en[String(p.reason)] ?? p.reason}${p.note ? ` (${p.note})` : ''}.`,
    on_stage: (p) => `${whose(p, 'en')} is being put on stage to be answered live.`,
    answered_live: (p) => `${whose(p, 'en')} was answered live at the town hall.`,
    assigned: (p) => `Question ${p.code} was assigned to ${p.department}, due ${p.dueDay}.`,
    handed_over: (p) => `Question ${p.code} was handed over to ${p.department}, now due ${p.dueDay}.`,
    answered_written: (p) => `Question ${p.code} was answered in writing by ${p.department}.`,
    overdue: (p) => `Question ${p.code} is overdue (${p.dueDay}); the ward is chasing it.`,
    verify_reminder: (p) => `Your code for town hall reminders: ${p.code}`,
    remind_day: (p) => `Reminder: "${title(p)}" starts at ${when(p, 'en')}.`,
    remind_hour: (p) => `Reminder: in about an hour, "${title(p)}" starts (${when(p, 'en')}).`,
  },
};

const REASONS: Record<Lang, Record<string, string>> = {
  vi: { off_topic: 'không đúng chủ đề', duplicate: 'trùng câu hỏi khác', offensive: 'ngôn từ không phù hợp', personal_data: 'chứa thông tin cá nhân', spam: 'quảng cáo', other: 'khác' },
  en: { off_topic: 'off topic', duplicate: 'a duplicate', offensive: 'offensive language', personal_data: 'personal data', spam: 'spam', other: 'other' },
};

const SUBJECT: Record<Lang, string> = { vi: 'Tọa đàm: tin về câu hỏi của bạn', en: 'Town hall: news of your question' };
const REMINDER_SUBJECT: Record<Lang, string> = { vi: 'Tọa đàm: nhắc lịch', en: 'Town hall: reminder' };
const STOP: Record<Lang, string> = { vi: 'Ngừng nhận tin về câu hỏi này', en: 'Stop news of this question' };
const STOP_REMINDER: Record<Lang, string> = { vi: 'Hủy nhắc lịch buổi này', en: 'Cancel this reminder' };
const ANSWER: Record<Lang, string> = { vi: 'Trả lời', en: 'Answer' };
const LINK: Record<Lang, string> = { vi: 'Xem chi tiết', en: 'See details' };

/** Cuts a text to a channel's limit, saying it was cut; the link in the message leads to the whole. */
export function fitTo(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Rendered {
  subject: string;
  /** The one line an SMS or a ZNS template carries. */
  line: string;
  text: string;
  html: string;
}

/** Renders one notification in the resident's language: plain text and simple HTML, with the link to stop. */
export function render(kind: NotificationKind, params: Params, lang: Lang, links: { page: string | null; stop: string }): Rendered {
  const line = LINES[lang][kind](params);
  const reminder = kind === 'verify_reminder' || kind === 'remind_day' || kind === 'remind_hour';
  const stop = (reminder ? STOP_REMINDER : STOP)[lang];
  const answer = kind === 'answered_written' && typeof params.answer === 'string' ? params.answer : null;
  const textParts = [line, answer ? `\n${ANSWER[lang]}:\n${answer}` : '', links.page ? `\n${LINK[lang]}: ${links.page}` : '', `\n${stop}: ${links.stop}`];
  const htmlParts = [
    `<p>${escapeHtml(line)}</p>`,
    answer ? `<h2>${ANSWER[lang]}</h2><p>${escapeHtml(answer).replace(/\n/g, '<br>')}</p>` : '',
    links.page ? `<p><a href="${escapeHtml(links.page)}">${LINK[lang]}</a></p>` : '',
    `<p><small><a href="${escapeHtml(links.stop)}">${stop}</a></small></p>`,
  ];
  return {
    subject: kind === 'verify' || kind === 'verify_reminder' ? line : reminder ? REMINDER_SUBJECT[lang] : SUBJECT[lang],
    line,
    text: textParts.filter(Boolean).join('\n'),
    html: `<!doctype html><html lang="${lang}"><body>${htmlParts.join('')}</body></html>`,
  };
}
