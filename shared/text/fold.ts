/**
 * Folds Vietnamese text for matching: residents often type without diacritics, and the same syllable can carry
 * its tone mark on different vowels ("tọa" / "toạ"). NFD splits every mark off its letter, so dropping the
 * combining marks makes both placements equal; "đ" is a letter of its own, not a mark, and needs mapping.
 */
export function foldText(text: string): string {
  return stripMarks(text)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Vietnamese without its diacritics, case kept: what fits a plain GSM-7 SMS (160 characters, not 70). */
export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * Folds each character on its own, keeping positions: character i of the result is character i of the input
 * folded. Search snippets find matches in the folded text and cut the original at the same places.
 */
export function foldPositional(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const folded = text[i]!.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
    out += folded.length === 1 ? folded : text[i]!;
  }
  return out;
}

/** The words of a query as search terms: folded, letters and digits only, so no query syntax gets through. */
export function searchTerms(query: string): string[] {
  return foldText(query.normalize('NFC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
}
