import { describe, expect, it, vi } from 'vitest';
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

describe('the minimum check costs little on long input', () => {
  // Segmenting 14,000 characters took a third of a second on a busy server: a few 16 KB payloads stalled it.
  it('does not segment a text already over its maximum, and stops at the minimum', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      const ask = (text: string) => QuestionAskInput.safeParse({ sessionId: 1, text, clientKey: 'visible-2' });
      expect(ask('x'.repeat(14_000)).success).toBe(false);
      expect(segment).not.toHaveBeenCalled();
      expect(visibleLength('a'.repeat(1000), 10)).toBe(10);
    } finally {
      segment.mockRestore();
    }
  });
});
