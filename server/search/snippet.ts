import { foldPositional } from '../../shared/text/fold.ts';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A window of the original text around the first match, split into plain-text parts marked as hits or not.
 * Matching happens on the folded text, so "duong" highlights "đường" exactly where it stands.
 */
export function buildSnippet(text: string, terms: readonly string[], width = 180): SnippetPart[] {
  const normalized = text.normalize('NFC');
  const folded = foldPositional(normalized);
  const hits: Array<[number, number]> = [];
  for (const term of terms) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'gu');
    for (const match of folded.matchAll(pattern)) {
      let end = match.index + term.length;
      while (end < folded.length && /[\p{L}\p{N}]/u.test(folded[end]!)) end += 1;
      hits.push([match.index, end]);
    }
  }
  hits.sort((a, b) => a[0] - b[0]);
  const first = hits[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  if (start > 0) start = normalized.indexOf(' ', start) + 1 || start;
  const end = Math.min(normalized.length, start + width);
  const parts: SnippetPart[] = [];
  let at = start;
  for (const [from, to] of hits) {
    if (to <= at || from >= end) continue;
    const s = Math.max(from, at);
    if (s > at) parts.push({ text: normalized.slice(at, s), hit: false });
    parts.push({ text: normalized.slice(s, Math.min(to, end)), hit: true });
    at = Math.min(to, end);
  }
  if (at < end) parts.push({ text: normalized.slice(at, end), hit: false });
  if (start > 0) parts.unshift({ text: '…', hit: false });
  if (end < normalized.length) parts.push({ text: '…', hit: false });
  return parts;
}
