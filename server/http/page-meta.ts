import type { Session } from '../../shared/schemas/session.ts';
import { formatSpan } from '../../shared/time.ts';

export interface PageMeta {
  title: string;
  description: string;
  url: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** What a link to a session shows when shared on social networks: its theme, time and unit. */
export function sessionMeta(session: Session, url: string): PageMeta {
  return {
    title: `${session.theme} · ${session.title}`,
    description: `${session.unitName} · ${formatSpan(session.startsAt, session.endsAt, 'vi')} (giờ Việt Nam)`,
    url,
  };
}

/** Puts the page's title, description and Open Graph tags into index.html, escaped. */
export function withMeta(html: string, meta: PageMeta): string {
  const tags = [
    `<title>${escapeHtml(meta.title)}</title>`,
    `<meta name="description" content="${escapeHtml(meta.description)}" />`,
    '<meta property="og:type" content="website" />',
    '<meta property="og:site_name" content="Tọa đàm" />',
    `<meta property="og:title" content="${escapeHtml(meta.title)}" />`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}" />`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}" />`,
    '<meta property="og:locale" content="vi_VN" />',
  ].join('\n    ');
  // A function replacement, so a `$&` in a theme is text, not the matched title.
  return html.replace(/<title>[^<]*<\/title>/, () => tags);
}

const BOOT_SHELL = /<!--boot-->[\s\S]*?<!--\/boot-->/;

/**
 * Fills the first paint of a session's page (index.html's boot block) with its unit, theme and time and a loading
 * line, so a phone on a slow link shows what it opened before any script has arrived. Vietnamese, as the page
 * opens in Vietnamese; the app replaces it in the reader's language.
 */
export function withBootShell(html: string, session: Session): string {
  const shell = [
    '<!--boot-->',
    '<p class="boot-bar">Tọa đàm</p>',
    '<section class="boot-session">',
    `<p class="boot-unit">${escapeHtml(session.unitName)} · ${escapeHtml(session.title)}</p>`,
    `<h1>${escapeHtml(session.theme)}</h1>`,
    `<p class="boot-when"><time datetime="${escapeHtml(session.startsAt)}">${escapeHtml(formatSpan(session.startsAt, session.endsAt, 'vi'))}</time></p>`,
    '</section>',
    '<p class="boot-loading"><span class="boot-spinner" aria-hidden="true"></span>Đang tải câu hỏi…</p>',
    '<!--/boot-->',
  ].join('\n      ');
  return html.replace(BOOT_SHELL, () => shell);
}
