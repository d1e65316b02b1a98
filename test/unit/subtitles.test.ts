import { describe, expect, it } from 'vitest';
import { parseSrt, parseVtt, toPlainText, toVtt } from '../../shared/text/subtitles.ts';
import { foldPositional, searchTerms } from '../../shared/text/fold.ts';
import { buildSnippet } from '../../server/search/snippet.ts';

describe('WebVTT', () => {
  it('reads cues with hours or without, voice spans as speakers, and skips notes', () => {
    const { cues, problems } = parseVtt(
      'WEBVTT\n\nNOTE made offline\n\n1\n00:00:01.000 --> 00:00:04.500\n<v Nguyễn Văn An>Xin chào bà con\n\n00:05.000 --> 00:07.250 align:start\nPhường sẽ <b>trả lời</b> bằng văn bản\n',
    );
    expect(problems).toEqual([]);
    expect(cues).toEqual([
      { startMs: 1000, endMs: 4500, speakerName: 'Nguyễn Văn An', text: 'Xin chào bà con' },
      { startMs: 5000, endMs: 7250, speakerName: null, text: 'Phường sẽ trả lời bằng văn bản' },
    ]);
  });

  it('names the line and the reason of every problem, and keeps the good cues', () => {
    const { cues, problems } = parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTốt\n\n00:00:05.000 --> 00:00:03.000\nNgược\n\n00:00:xx.000 --> 00:00:09.000\nHỏng\n\nkhông có thời gian\n');
    expect(cues.map((c) => c.text)).toEqual(['Tốt']);
    expect(problems).toEqual([
      { line: 6, reason: 'the cue ends before it starts' },
      { line: 9, reason: 'a time is not in the form 00:01:02.345' },
      { line: 12, reason: 'no timing line ("00:00:01.000 --> 00:00:03.000")' },
    ]);
  });

  it('refuses a file without the WEBVTT header', () => {
    expect(parseVtt('00:00:01.000 --> 00:00:02.000\nx').problems).toEqual([{ line: 1, reason: 'a WebVTT file must start with "WEBVTT"' }]);
  });

  it('writes back what it reads, escaping markup in text', () => {
    const cues = [{ startMs: 3_723_004, endMs: 3_725_000, speakerName: 'An', text: 'a <b> & c' }];
    const vtt = toVtt(cues);
    expect(vtt).toBe('WEBVTT\n\n01:02:03.004 --> 01:02:05.000\n<v An>a &lt;b&gt; &amp; c\n');
    expect(toPlainText(cues)).toBe('[01:02:03] An: a <b> & c\n');
  });
});

describe('SRT', () => {
  it('reads numbered cues with comma milliseconds and CRLF line ends', () => {
    const { cues, problems } = parseSrt('1\r\n00:00:01,000 --> 00:00:02,500\r\nDòng một\r\nDòng hai\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nBa\r\n');
    expect(problems).toEqual([]);
    expect(cues).toEqual([
      { startMs: 1000, endMs: 2500, speakerName: null, text: 'Dòng một\nDòng hai' },
      { startMs: 3000, endMs: 4000, speakerName: null, text: 'Ba' },
    ]);
  });

  it('reports a cue number that is not a number', () => {
    expect(parseSrt('một\n00:00:01,000 --> 00:00:02,000\nx\n').problems).toEqual([{ line: 1, reason: 'an SRT cue number must be a whole number' }]);
  });
});

describe('search terms and snippets', () => {
  it('turns what a resident types into safe folded terms, dropping query syntax', () => {
    expect(searchTerms('Tọa  ĐÀM')).toEqual(['toa', 'dam']);
    expect(searchTerms('"duong" NEAR(* AND) -x')).toEqual(['duong', 'near', 'and', 'x']);
    expect(searchTerms('*** ()')).toEqual([]);
  });

  it('folds character by character, keeping positions', () => {
    const text = 'Đường Toạ đàm';
    expect(foldPositional(text)).toBe('duong toa dam');
    expect(foldPositional(text)).toHaveLength(text.length);
  });

  it('highlights the original words that matched without diacritics', () => {
    const parts = buildSnippet('Khi nào sửa đường Trần Duy Hưng?', ['duong']);
    expect(parts).toEqual([
      { text: 'Khi nào sửa ', hit: false },
      { text: 'đường', hit: true },
      { text: ' Trần Duy Hưng?', hit: false },
    ]);
  });

  it('cuts a window around the first hit in a long text', () => {
    const long = `${'mở đầu '.repeat(50)}vỉa hè ${'kết thúc '.repeat(50)}`;
    const parts = buildSnippet(long, ['via', 'he']);
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['vỉa', 'hè']);
    expect(parts.at(-1)).toEqual({ text: '…', hit: false });
  });
});

describe('an imported file', () => {
  it('is cleaned as typed text is: ESC and BEL dropped, so they never reach an export', () => {
    const { cues } = parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v An\u0007>Xin \u001b[31mchào\u0007 bà con\n');
    const srt = parseSrt('1\n00:00:01,000 --> 00:00:02,000\nCảm ơn\u001b bà con\u0007\n');
    for (const text of [toPlainText(cues), toVtt(cues), toPlainText(srt.cues)]) {
      expect(text).not.toMatch(/[\u0007\u001b]/);
    }
    expect(cues[0]!.text).toBe('Xin [31mchào bà con');
  });
});
