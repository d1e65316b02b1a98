// Tabs and newlines are kept; other C0 controls and DEL never belong in text a person wrote (an ESC or BEL
// stored would come out again in every export).
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Free text as it is stored: control characters dropped, trimmed, NFC-normalized. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, '').trim().normalize('NFC');
}
