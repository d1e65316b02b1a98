import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandName } from '../../shared/events.ts';
import { resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, queryFile, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

const PER_EVENT = 1000;
/** Sent as the administrator, so a refusal can only come from the schema, never from authorization. */
const STAFF_COMMANDS = new Set<CommandName>([
  'question:moderate',
  'session:transition',
  'stage:invite',
  'stage:dismiss',
  'track:mute',
  'participant:remove',
  'caption:post',
  'transcript:stream',
  'poll:create',
  'poll:open',
  'poll:close',
]);

/** A small seeded generator, so a failing payload can be reproduced from the seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** Valid payloads; each generated case breaks one of them in a way that no schema may accept. */
const VALID: Record<CommandName, Record<string, unknown>> = {
  'session:join': { sessionId: 1 },
  'session:leave': { sessionId: 1 },
  'session:transition': { sessionId: 1, to: 'live' },
  'question:ask': { sessionId: 1, text: 'Một câu hỏi hợp lệ về vỉa hè.', clientKey: 'fuzz-key-000001', name: 'An', topic: 'Tổ 5', publishName: false },
  'question:moderate': { questionId: 1, action: 'reject', reason: 'spam', note: 'ghi chú' },
  'vote:set': { questionId: 1, value: true },
  'media:token': { sessionId: 1 },
  'hand:raise': { sessionId: 1 },
  'hand:lower': { sessionId: 1 },
  'stage:invite': { sessionId: 1, residentTag: 'abcdEF12' },
  'stage:dismiss': { sessionId: 1, residentTag: 'abcdEF12' },
  'track:mute': { sessionId: 1, identity: 'resident-abcdEF12', trackSid: 'TR_abcdef123' },
  'participant:remove': { sessionId: 1, identity: 'resident-abcdEF12' },
  'caption:post': { sessionId: 1, text: 'Xin chào bà con', speakerName: 'Chủ tọa', speakerRole: 'Chủ tịch' },
  'transcript:stream': {
    sessionId: 1,
    streamId: 'stream-1',
    topic: 'lk.transcription',
    timestamp: 1_700_000_000_000,
    participantIdentity: 'official-1',
    attributes: { 'lk.segment_id': 'SG_1', 'lk.transcription_final': 'true' },
    text: 'Xin chào',
  },
  'poll:list': { sessionId: 1 },
  'poll:create': { sessionId: 1, question: 'Chủ đề tháng sau?', options: ['Y tế', 'Giáo dục'], multiple: false, themePoll: true },
  'poll:open': { pollId: 1 },
  'poll:close': { pollId: 1 },
  'poll:vote': { pollId: 1, optionIds: [1] },
};

const STRING_FIELDS = new Set(['question', 'text', 'clientKey', 'name', 'topic', 'note', 'to', 'action', 'reason', 'residentTag', 'identity', 'trackSid', 'speakerName', 'speakerRole', 'streamId', 'participantIdentity', 'topic']);

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

function wrongTypeFor(field: string, r: ReturnType<typeof prng>): unknown {
  const numberish = [1, -1, 0, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2];
  const others = [null, true, [], {}, [1, 2], { $gt: '' }, deep(2 + Math.floor(r.next() * 60))];
  if (STRING_FIELDS.has(field)) return r.pick([...numberish, ...others]);
  if (['publishName', 'value', 'multiple', 'themePoll'].includes(field)) return r.pick(['true', 'yes', 1, 0, null, [], {}]);
  // An empty list is a valid answer for a list (withdrawing a poll vote), so lists get other wrong values.
  if (field === 'options' || field === 'optionIds') return r.pick(['Y tế', 1, null, {}, [null], [[1]], [-1], Array(11).fill('x')]);
  return r.pick(['1', '', 'abc', null, true, [], {}, -3, -1, 2.5, '1e3', deep(2 + Math.floor(r.next() * 60))]);
}

function brokenString(r: ReturnType<typeof prng>): string {
  return r.pick([
    'x'.repeat(5000 + Math.floor(r.next() * 9000)),
    `hỏng \uD800 giữa chừng ${'a'.repeat(20)}`,
    `\uDC00 bắt đầu hỏng ${'a'.repeat(20)}`,
  ]);
}

function mutate(event: CommandName, r: ReturnType<typeof prng>): unknown {
  const base = { ...VALID[event] };
  const fields = Object.keys(base);
  switch (r.pick(['wrongType', 'missing', 'extraKey', 'pollution', 'notObject', 'badString'] as const)) {
    case 'wrongType': {
      const field = r.pick(fields);
      return { ...base, [field]: wrongTypeFor(field, r) };
    }
    case 'missing': {
      const required = fields.filter((f) => !['name', 'topic', 'publishName', 'note', 'speakerName', 'speakerRole', 'multiple', 'themePoll'].includes(f));
      delete base[r.pick(required)];
      return base;
    }
    case 'extraKey':
      return { ...base, [r.pick(['admin', 'role', 'status', 'votes', 'residentId', 'id'])]: r.pick([true, 'admin', 9999]) };
    case 'pollution':
      return JSON.parse(`{${JSON.stringify(r.pick(['__proto__', 'constructor', 'prototype']))}: {"isAdmin": true}, ${JSON.stringify(base).slice(1)}`);
    case 'notObject':
      return r.pick([null, 0, 'session', [], [base], true, deep(40)]);
    case 'badString': {
      const stringFields = fields.filter((f) => STRING_FIELDS.has(f) && typeof base[f] === 'string');
      return { ...base, [r.pick(stringFields)]: brokenString(r) };
    }
  }
}

describe(`fuzzing every command with ${PER_EVENT} generated bad payloads`, () => {
  let server: TestServer;
  let alice: Participant;
  let admin: Participant;

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin());
    alice = await resident(server.url);
  });
  afterAll(() => closeSuite(server, alice, admin));

  async function counts() {
    return queryFile(
      server.dbPath,
      `SELECT (SELECT COUNT(*) FROM questions) AS q, (SELECT COUNT(*) FROM votes) AS v, (SELECT COUNT(*) FROM audit_log) AS a,
              (SELECT group_concat(state || public_version || staff_version) FROM sessions) AS s`,
    );
  }

  it.each(COMMAND_NAMES.map((name, i) => [name, 1000 + i] as const))('%s (seed %i): only error acks, nothing written', async (event, seed) => {
    const before = await counts();
    const r = prng(seed);
    const sender = STAFF_COMMANDS.has(event) ? admin : alice;
    const acks = await Promise.all(
      Array.from({ length: PER_EVENT }, async () => {
        const payload = mutate(event, r);
        const ack = await sender.send(event, payload as never);
        return { payload, ack };
      }),
    );
    const accepted = acks.filter(({ ack }) => ack.ok || ack.error.code !== 'bad_request');
    expect(accepted.slice(0, 3).map(({ payload }) => JSON.stringify(payload)?.slice(0, 200))).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(expectOk(await alice.send('session:join', { sessionId: server.demoSessionId })).session.id).toBe(server.demoSessionId);
  });
});
