import { describe, expect, it } from 'vitest';
import { visibleLength } from '../../shared/schemas/common.ts';
import { QuestionAskInput } from '../../shared/schemas/question.ts';

describe('visibleLength', () => {
  it.each([
    ['Đường Láng ngập', 13],
    ['\u200B'.repeat(10), 0],
    [`a${'\u0301'.repeat(12)}`, 1],
    ['1 2 3', 3],
    ['!!! ??? ...', 0],
    ['Tọa đàm', 6],
  ])('counts %j as %i', (text, count) => {
    expect(visibleLength(text)).toBe(count);
  });
});

describe('a question shorter than 10 visible characters', () => {
  const ask = (text: string) => QuestionAskInput.safeParse({ sessionId: 1, text, clientKey: 'visible-1' });
  it('is refused when made of zero-width characters or one letter with stacked marks', () => {
    expect(ask('\u200B'.repeat(10)).success).toBe(false);
    expect(ask(`a${'\u0301'.repeat(12)}`).success).toBe(false);
    const refused = ask('\u200B'.repeat(10));
    expect(refused.success ? '' : refused.error.issues[0]!.message).toContain('visible characters');
  });
  it('is accepted at ten letters', () => {
    expect(ask('Đường ngập nước').success).toBe(true);
  });
});
