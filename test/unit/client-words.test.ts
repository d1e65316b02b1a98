import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/schemas/question.ts';
import { MODERATION_ACTIONS } from '../../shared/schemas/question.ts';
import { auditSentence } from '../../client/src/lib/moderation/audit-log.ts';
import { chartConfig, wrapLabel } from '../../client/src/lib/scoreboard/charts.ts';
import { holidayName } from '../../client/src/lib/programme/holidays.ts';
import { en } from '../../client/src/lib/i18n/en.ts';
import { fill, type Params } from '../../client/src/lib/i18n/format.ts';
import { vi, type MessageKey } from '../../client/src/lib/i18n/vi.ts';
import { actionShortcutsFor, DONE_NOTICES } from '../../client/src/lib/moderation/moderation.ts';
import { pageTitle } from '../../client/src/lib/routing/page-title.ts';
import { statutoryHolidays } from '../../shared/rules/working-days.ts';

const translators = {
  vi: (key: MessageKey, params?: Params) => fill(vi[key], params),
  en: (key: MessageKey, params?: Params) => fill(en[key], params),
};

const entry = (action: string, detail: Record<string, unknown> = {}, questionId: number | null = 4): AuditEntry => ({
  id: 1,
  sessionId: 1,
  questionId,
  actor: 'lan',
  action,
  detail,
  at: '2026-12-17T07:00:00.000Z',
});

describe('what the moderation console says it did', () => {
  it.each(Object.entries(translators))('never says "Đã Đã" and names the question, in %s', (_, t) => {
    for (const action of MODERATION_ACTIONS) {
      const notice = t(DONE_NOTICES[action], { id: 4 });
      expect(notice).toContain('#4');
      expect(notice).not.toMatch(/(\b\p{L}+) \1/iu);
    }
    expect(translators.vi(DONE_NOTICES.answer, { id: 4 })).toBe('Đã đánh dấu câu #4 là đã trả lời.');
  });

  it('lists only the shortcuts a role may use', () => {
    expect(actionShortcutsFor('chair')).toEqual(['stage']);
    expect(actionShortcutsFor('moderator')).toEqual(['approve', 'reject', 'edit', 'stage']);
    expect(actionShortcutsFor('admin')).toEqual(['approve', 'reject', 'edit', 'stage']);
  });
});

describe('the moderation log as sentences', () => {
  it('writes each entry as a sentence in either language, codes named in words', () => {
    expect(auditSentence(entry('question.approve'), translators.vi)).toBe('lan đã duyệt câu #4.');
    expect(auditSentence(entry('question.approve'), translators.en)).toBe('lan approved question #4.');
    expect(auditSentence(entry('question.reject', { reason: 'off_topic' }), translators.vi)).toBe('lan đã không duyệt câu #4: Ngoài phạm vi tọa đàm.');
    expect(auditSentence(entry('question.merge', { into: 2 }), translators.en)).toBe('lan merged question #4 into question #2.');
    const live = { ...entry('session.transition', { from: 'open', to: 'live' }, null), actor: 'system:schedule' };
    expect(auditSentence(live, translators.vi)).toBe('Lịch tự động đã chuyển buổi sang "Đang phát".');
    expect(auditSentence(live, translators.en)).toBe('The schedule switched the session to "Live".');
    expect(auditSentence(entry('question.enter', { channel: 'hotline' }), translators.vi)).toBe('lan đã nhập câu #4, nhận qua kênh: Đường dây nóng.');
  });

  it('shows no raw code for any action the server writes into a session’s log', () => {
    const actions = [
      ...MODERATION_ACTIONS.map((a) => `question.${a}`),
      'question.enter', 'session.transition', 'session.update', 'poll.create', 'poll.open', 'poll.closed',
      'commitment.create', 'commitment.kept', 'followup.assign', 'followup.reassign', 'followup.close', 'followup.answer',
      'transcript.import', 'transcript.correct', 'media.invite', 'media.dismiss', 'media.revoke', 'media.mute',
      'media.remove', 'media.stream_targets', 'media.ingress_create',
    ];
    for (const action of actions) {
      for (const t of Object.values(translators)) {
        const sentence = auditSentence(entry(action, { to: 'ended', reason: 'spam', into: 2 }), t);
        expect(sentence, action).not.toContain(action);
        expect(sentence, action).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('still shows an action it does not know, as its code', () => {
    expect(auditSentence(entry('something.new'), translators.en)).toBe('lan: something.new 4');
  });
});

describe('holiday names', () => {
  it('names every statutory holiday in English, and keeps a name an administrator typed', () => {
    const names = new Set(statutoryHolidays(2026).map((d) => d.name));
    for (const name of names) {
      expect(holidayName(name, translators.vi)).toBe(name);
      expect(holidayName(name, translators.en), name).not.toBe(name);
    }
    expect(holidayName('Tết Nguyên đán', translators.en)).toBe('Lunar New Year (Tết)');
    expect(holidayName('Nghỉ bù Quốc khánh', translators.en)).toBe('Day off in lieu of National Day');
    expect(holidayName('Ngày hội phường', translators.en)).toBe('Ngày hội phường');
  });
});

describe('scoreboard charts', () => {
  const look = { token: () => '#000000', reducedMotion: true };
  const spec = { kind: 'bar' as const, labels: ['câu hỏi tiếp nhận', 'trả lời bằng văn bản'], series: [{ label: 'Câu hỏi', values: [3, 1], colors: ['--a', '--b'] }] };

  it('never tilts category labels, wrapping them onto lines instead', () => {
    for (const horizontal of [false, true]) {
      const config = chartConfig({ ...spec, horizontal }, look);
      const scales = config.options.scales!;
      const category = horizontal ? scales.y : scales.x;
      expect(category.ticks).toMatchObject({ maxRotation: 0, autoSkip: false });
      expect(config.data.labels).toEqual([['câu hỏi tiếp', 'nhận'], ['trả lời bằng', 'văn bản']]);
    }
    expect(wrapLabel('giao thông')).toEqual(['giao thông']);
  });
});

describe('page titles', () => {
  const t = translators.vi;
  it('gives every page its own title', () => {
    expect(pageTitle({ name: 'programme' }, t, null)).toBe('Lịch tọa đàm · Tọa đàm');
    expect(pageTitle({ name: 'scoreboard' }, t, null)).toBe('Bảng kết quả công khai · Tọa đàm');
    expect(pageTitle({ name: 'admin' }, t, null)).toBe('Quản trị · Tọa đàm');
    expect(pageTitle({ name: 'track', code: 'TD-2026-12-0042' }, t, null)).toBe('Theo dõi câu hỏi · TD-2026-12-0042 · Tọa đàm');
    expect(pageTitle({ name: 'moderate', sessionId: 1 }, t, 'Vỉa hè')).toBe('Bàn kiểm duyệt · Vỉa hè · Tọa đàm');
    expect(pageTitle({ name: 'live', sessionId: 1 }, t, 'Vỉa hè')).toBe('Vỉa hè · Tọa đàm');
    // Until the theme is known the server's own title stays.
    expect(pageTitle({ name: 'archive', sessionId: 1 }, t, null)).toBeNull();
    expect(pageTitle({ name: 'programme' }, translators.en, null)).toBe('Town hall programme · Tọa đàm');
  });
});
