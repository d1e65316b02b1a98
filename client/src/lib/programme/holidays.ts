import type { Translate } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.svelte.ts';

// The statutory holidays are stored under their Vietnamese names (shared/rules/working-days.ts); days an
// administrator adds keep the name typed.
const STATUTORY: Record<string, MessageKey> = {
  'Tết Dương lịch': 'followup.holiday.newYear',
  'Tết Nguyên đán': 'followup.holiday.tet',
  'Giỗ Tổ Hùng Vương': 'followup.holiday.hungKings',
  'Ngày Chiến thắng': 'followup.holiday.victory',
  'Ngày Quốc tế Lao động': 'followup.holiday.labour',
  'Quốc khánh': 'followup.holiday.national',
};
const SUBSTITUTE = 'Nghỉ bù ';

/** A calendar day's name in the reader's language; a name an administrator typed is shown as typed. */
export function holidayName(name: string, t: Translate): string {
  const own = STATUTORY[name];
  if (own) return t(own);
  const moved = name.startsWith(SUBSTITUTE) ? STATUTORY[name.slice(SUBSTITUTE.length)] : undefined;
  return moved ? t('followup.holiday.substitute', { holiday: t(moved) }) : name;
}
