import { describe, expect, it } from 'vitest';
import { countdown } from '../../client/src/lib/session/countdown.ts';
import { liveMoment, summarize, type Minutes } from '../../client/src/lib/records/minutes.ts';
import type { MinutesFate } from '../../shared/schemas/transcript.ts';
import { monthsFrom, programmeView, type ProgrammeData } from '../../client/src/lib/programme/programme.ts';
import { filterSegments, formatOffset, recordingOf, segmentIndexAt, startSeconds } from '../../client/src/lib/records/replay.ts';
import { hitHref, queryOf, searchHref } from '../../client/src/lib/records/search.ts';
import { formatFromName, problemKey } from '../../client/src/lib/records/transcript-import.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type { Segment } from '../../shared/schemas/transcript.ts';
import { sessionFixture } from '../support/factory.ts';

const segment = (id: number, startMs: number, text: string, speakerName: string | null = null): Segment => ({
  id,
  sessionId: 1,
  startMs,
  endMs: startMs + 3000,
  speakerName,
  speakerRole: null,
  text,
  source: 'import',
});

const session = (id: number, startsAt: string, state: Session['state'], theme = `Chủ đề ${id}`): Session =>
  sessionFixture({ id, title: `Buổi ${id}`, theme, opensAt: startsAt, startsAt, endsAt: new Date(Date.parse(startsAt) + 7_200_000).toISOString(), state });

describe('replay helpers', () => {
  const segments = [segment(1, 1000, 'Kính chào'), segment(2, 6000, 'Lát lại vỉa hè', 'Lê Thị Bình'), segment(3, 11000, 'Tọa đàm tháng sau')];

  it('finds the line being spoken, keeping the last one lit through a pause', () => {
    expect(segmentIndexAt(segments, 0)).toBe(-1);
    expect(segmentIndexAt(segments, 1000)).toBe(0);
    expect(segmentIndexAt(segments, 5500)).toBe(0);
    expect(segmentIndexAt(segments, 7000)).toBe(1);
    expect(segmentIndexAt(segments, 999_999)).toBe(2);
    expect(segmentIndexAt([], 5)).toBe(-1);
  });

  it('reads ?t= in the forms people share', () => {
    expect(startSeconds('?t=12')).toBe(12);
    expect(startSeconds('?t=12.5')).toBe(12.5);
    expect(startSeconds('?t=1:02')).toBe(62);
    expect(startSeconds('?t=1:00:05')).toBe(3605);
    expect(startSeconds('?t=1m30s')).toBe(90);
    expect(startSeconds('?t=abc')).toBeNull();
    expect(startSeconds('')).toBeNull();
  });

  it('formats offsets and filters without diacritics', () => {
    expect(formatOffset(0)).toBe('00:00');
    expect(formatOffset(65_400)).toBe('01:05');
    expect(formatOffset(3_723_000)).toBe('1:02:03');
    expect(filterSegments(segments, 'via he').map((s) => s.id)).toEqual([2]);
    expect(filterSegments(segments, 'TOA DAM').map((s) => s.id)).toEqual([3]);
    expect(filterSegments(segments, 'le thi binh').map((s) => s.id)).toEqual([2]);
    expect(filterSegments(segments, '  ')).toHaveLength(3);
  });

  it('plays files itself, embeds YouTube, links anything else', () => {
    expect(recordingOf(null)).toEqual({ kind: 'none' });
    expect(recordingOf('/recordings/a.mp4')).toEqual({ kind: 'file', src: '/recordings/a.mp4' });
    expect(recordingOf('https://cdn.example.vn/x/buoi-12.mp4')).toMatchObject({ kind: 'file' });
    expect(recordingOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ')).toMatchObject({ kind: 'embed', provider: 'youtube', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' });
    expect(recordingOf('https://example.vn/ghi-hinh')).toEqual({ kind: 'link', href: 'https://example.vn/ghi-hinh' });
    expect(recordingOf('javascript:alert(1)')).toEqual({ kind: 'none' });
    expect(recordingOf('/recordings/../etc/passwd')).toEqual({ kind: 'none' });
  });
});

describe('programme view', () => {
  const now = new Date('2026-03-10T03:00:00Z');
  const data: ProgrammeData = {
    unitId: 1,
    unitName: 'UBND phường',
    rule: null,
    themes: [
      { month: '2026-04', theme: 'Y tế' },
      { month: '2026-05', theme: 'Giáo dục' },
    ],
    sessions: [
      session(1, '2026-02-19T07:00:00Z', 'ended', 'Vỉa hè'),
      session(2, '2026-04-16T07:00:00Z', 'scheduled', 'Y tế cơ sở'),
      session(3, '2026-03-19T07:00:00Z', 'open', 'Rác thải'),
    ],
  };

  it('puts the soonest unfinished session first, then the later ones, then the past', () => {
    const view = programmeView(data, now);
    expect(view.next?.id).toBe(3);
    expect(view.upcoming.map((s) => s.id)).toEqual([2]);
    expect(view.past.map((s) => s.id)).toEqual([1]);
    expect(programmeView({ ...data, sessions: [...data.sessions, session(4, '2026-03-25T07:00:00Z', 'live')] }, now).next?.id).toBe(4);
  });

  it('lists the themed months of the year ahead, a session\'s theme winning over the plan, and counts the rest', () => {
    const { months, unplannedMonths } = programmeView(data, now);
    expect(months.map((m) => m.month)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(months[0]).toMatchObject({ month: '2026-03', current: true, theme: 'Rác thải' });
    expect(months[1]).toMatchObject({ month: '2026-04', theme: 'Y tế cơ sở' });
    expect(months[2]).toMatchObject({ month: '2026-05', theme: 'Giáo dục', session: null });
    // Nine months without a theme are one sentence, not nine tiles saying "Chưa có chủ đề".
    expect(unplannedMonths).toBe(9);
    expect(monthsFrom(new Date('2026-12-31T18:00:00Z'), 2)).toEqual(['2027-01', '2027-02']);
  });

  it('counts down in days, hours and minutes, minutes rounded up', () => {
    expect(countdown(Date.UTC(2026, 0, 2, 1, 30, 1), Date.UTC(2026, 0, 1))).toEqual({ days: 1, hours: 1, minutes: 31, done: false });
    expect(countdown(1000, 2000)).toMatchObject({ done: true });
  });
});

describe('minutes, search and import helpers', () => {
  it('takes each public question\'s fate from the server and counts rejections by reason', () => {
    const q = (id: number, fate: MinutesFate, votes: number, stagedAtMs: number | null = null) => ({
      id, trackingCode: `TD-2026-03-000${id}`, text: `Câu ${id}`, authorName: null, topic: null, createdAt: '2026-03-19T06:00:00Z', channel: 'online' as const,
      status: fate === 'answered_live' || fate === 'answered_outside_live' ? 'answered' : 'approved', votes, stagedAtMs, answeredAtMs: null, fate, department: null, closeReason: null,
    });
    const minutes = {
      session: session(1, '2026-03-19T07:00:00Z', 'ended'),
      // A question marked answered before the session went live is no answer "live at 00:00".
      questions: [q(1, 'no_fate', 3), q(2, 'answered_live', 9, 120_000), q(3, 'closed', 8), q(4, 'answered_live', 1, 60_000), q(5, 'answered_outside_live', 2)],
      rejected: { spam: 2, off_topic: 1 },
      pending: 0,
      commitments: [],
      polls: [],
      audience: { peakViewers: null, askers: 0, voters: 0 },
      segments: [],
    } satisfies Minutes;
    expect(liveMoment(minutes.questions[1]!)).toBe(120_000);
    const summary = summarize(minutes);
    expect(summary.answered.map((x) => x.id)).toEqual([4, 2]);
    expect(summary.deferred.map((x) => x.id)).toEqual([3, 1, 5]);
    expect(summary.rejected).toEqual([
      { reason: 'off_topic', count: 1 },
      { reason: 'spam', count: 2 },
    ]);
    expect(summary.rejectedTotal).toBe(3);
  });

  it('keeps the query in the address and links hits to their moment', () => {
    expect(searchHref('  tọa đàm ')).toBe('/search?q=t%E1%BB%8Da%20%C4%91%C3%A0m');
    expect(searchHref(' ')).toBe('/search');
    expect(queryOf('?q=toa+dam')).toBe('toa dam');
    const hit = { kind: 'segment' as const, sessionId: 7, sessionTitle: '', sessionTheme: '', sessionStartsAt: '2026-01-01T00:00:00Z', sessionState: 'ended' as const, segmentId: 1, questionId: null, snippet: [] };
    expect(hitHref({ ...hit, timeMs: 12_900 })).toBe('/s/7/archive?t=12');
    expect(hitHref({ ...hit, timeMs: null })).toBe('/s/7/archive');
    // A session found by its name before it was held leads to its page, not to an archive it does not have yet.
    expect(hitHref({ ...hit, kind: 'session', segmentId: null, sessionState: 'scheduled', timeMs: null })).toBe('/s/7');
    expect(hitHref({ ...hit, kind: 'session', segmentId: null, timeMs: null })).toBe('/s/7/archive');
  });

  it('tells the subtitle format from the file name and translates known problems', () => {
    expect(formatFromName('buoi-12.VTT')).toBe('vtt');
    expect(formatFromName('a.srt')).toBe('srt');
    expect(formatFromName('a.txt')).toBeNull();
    expect(problemKey('the cue ends before it starts')).toBe('import.problem.endsBeforeStart');
    expect(problemKey('something new')).toBeNull();
  });
});
