/**
 * Folds Vietnamese text for matching: residents often type without diacritics, and the same syllable can carry
 * its tone mark on different vowels ("tọa" / "toạ"). NFD splits every mark off its letter, so dropping the
 * combining marks makes both placements equal; "đ" is a letter of its own, not a mark, and needs mapping.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
