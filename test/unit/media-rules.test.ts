import { describe, expect, it } from 'vitest';
import { parseExternalStream } from '../../shared/schemas/media.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { grantsFor, sessionIdOfRoom, tokenRefusal, type StageState } from '../../server/media/rules.ts';

describe('grantsFor', () => {
  const stages: Record<string, StageState> = {
    none: { handRaised: false, invited: false },
    raised: { handRaised: true, invited: false },
    invited: { handRaised: true, invited: true },
  };
  it.each([
    ['official', 'none', true, ['camera', 'microphone', 'screen_share', 'screen_share_audio']],
    ['moderator', 'none', false, []],
    ['moderator', 'invited', false, []],
    ['resident', 'none', false, []],
    ['resident', 'raised', false, []],
    ['resident', 'invited', true, ['camera', 'microphone']],
  ] as const)('%s with stage %s publishes: %s', (role, stage, canPublish, sources) => {
    expect(grantsFor(role, stages[stage]!)).toEqual({
      canSubscribe: true,
      canPublish,
      canPublishSources: sources,
      canPublishData: false,
      canUpdateOwnMetadata: false,
      hidden: false,
    });
  });
});

describe('tokenRefusal', () => {
  const startsAt = '2026-12-18T07:00:00.000Z';
  const at = (iso: string) => new Date(iso);
  it.each([
    ['live', 'resident', '2026-12-18T07:10:00.000Z', null],
    ['open', 'resident', '2026-12-18T06:59:00.000Z', 'the video starts when the session goes live'],
    ['open', 'official', '2026-12-18T06:40:00.000Z', null],
    ['open', 'moderator', '2026-12-18T06:40:00.000Z', null],
    ['open', 'official', '2026-12-18T06:00:00.000Z', 'staff may join from 30 minutes before the start'],
    ['ended', 'official', '2026-12-18T09:00:00.000Z', 'the session has ended'],
  ] as const)('%s session, %s at %s', (state, role, now, expected) => {
    expect(tokenRefusal({ state, startsAt }, role, at(now))).toBe(expected);
  });
});

describe('room names', () => {
  it.each([
    ['toadam-session-12', 12],
    ['toadam-session-0', null],
    ['toadam-session-12x', null],
    ['other-room', null],
  ])('%s → %s', (name, id) => {
    expect(sessionIdOfRoom(name)).toBe(id);
  });
});

describe('parseExternalStream', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', { provider: 'youtube', videoId: 'dQw4w9WgXcQ' }],
    ['https://youtu.be/dQw4w9WgXcQ', { provider: 'youtube', videoId: 'dQw4w9WgXcQ' }],
    ['https://www.youtube.com/live/dQw4w9WgXcQ?si=x', { provider: 'youtube', videoId: 'dQw4w9WgXcQ' }],
    ['https://www.facebook.com/ubndphuong/videos/1234567890', { provider: 'facebook', url: 'https://www.facebook.com/ubndphuong/videos/1234567890' }],
    ['http://www.youtube.com/watch?v=dQw4w9WgXcQ', null],
    ['https://www.youtube.com/watch?v=bad', null],
    ['https://www.facebook.com/', null],
    ['https://evil.example/youtube.com', null],
    ['https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ', null],
    ['not a url', null],
  ])('%s', (url, expected) => {
    expect(parseExternalStream(url)).toEqual(expected);
  });
});

describe('LiveKit configuration', () => {
  it('is off when none of the three variables is set', () => {
    expect(loadConfig({}).livekit).toBeNull();
  });
  it('needs all three variables or none', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://lk.example.vn' })).toThrow(ConfigError);
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://lk.example.vn', LIVEKIT_API_KEY: 'k' })).toThrow(/LIVEKIT_API_SECRET missing/);
  });
  it('rejects a URL that is not ws(s) or http(s)', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'ftp://lk', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' })).toThrow(/LIVEKIT_URL/);
  });
  it('derives the API and browser addresses from one URL', () => {
    expect(loadConfig({ LIVEKIT_URL: 'wss://lk.example.vn', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).livekit).toEqual({
      apiUrl: 'https://lk.example.vn',
      clientUrl: 'wss://lk.example.vn',
      apiKey: 'k',
      apiSecret: 's',
      roomRetryDelaysMs: [2000, 5000, 15000, 30000],
    });
  });
  it('reads the waits between attempts to open a room, and refuses a list that is not one', () => {
    const base = { LIVEKIT_URL: 'wss://lk.example.vn', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' };
    expect(loadConfig({ ...base, LIVEKIT_ROOM_RETRY_SECONDS: '1, 2.5,10' }).livekit!.roomRetryDelaysMs).toEqual([1000, 2500, 10000]);
    expect(() => loadConfig({ ...base, LIVEKIT_ROOM_RETRY_SECONDS: 'soon' })).toThrow(/LIVEKIT_ROOM_RETRY_SECONDS/);
    expect(() => loadConfig({ ...base, LIVEKIT_ROOM_RETRY_SECONDS: '-1' })).toThrow(/LIVEKIT_ROOM_RETRY_SECONDS/);
  });
});
