import { DataStream_Header, DataStream_OperationType, DataStream_TextHeader } from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, SearchResult, Segment, TranscriptImportResult } from '../../shared/schemas/transcript.ts';
import { parseVtt } from '../../shared/text/subtitles.ts';
import { nextEvent, resident, type Participant } from '../support/clients.ts';
import { approve, ask, closeSuite, expectOk, goLive, newStaffMember, queryFile, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

/** A transcription stream header exactly as LiveKit's agent sends it, turned into what the studio forwards. */
function liveKitStream(segmentId: string, final: boolean, text: string, sessionId: number) {
  const header = new DataStream_Header({
    streamId: `TS_${segmentId}_${final}`,
    timestamp: BigInt(Date.now()),
    topic: 'lk.transcription',
    mimeType: 'text/plain',
    attributes: { 'lk.segment_id': segmentId, 'lk.transcription_final': String(final), 'lk.transcribed_track_id': 'TR_AMabc123' },
    contentHeader: { case: 'textHeader', value: new DataStream_TextHeader({ operationType: DataStream_OperationType.CREATE }) },
  });
  return {
    sessionId,
    streamId: header.streamId,
    topic: header.topic as 'lk.transcription',
    timestamp: Number(header.timestamp),
    participantIdentity: 'agent-AJ_stt1',
    attributes: header.attributes,
    text,
  };
}

const VTT = `WEBVTT

00:00:01.000 --> 00:00:05.000
<v Nguyễn Văn An>Kính chào bà con đến với buổi tọa đàm hôm nay.

00:00:06.000 --> 00:00:10.000
<v Lê Thị Bình>Về đường Trần Duy Hưng, phường sẽ lát lại vỉa hè trong quý tới.

00:00:11.000 --> 00:00:14.000
<v Nguyễn Văn An>Toạ đàm tháng sau bàn về y tế.
`;

describe('transcripts from three sources, archive and search', () => {
  let server: TestServer;
  let admin: Participant;
  let moderator: Participant;
  let viewer: Participant;
  let sessionId: number;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    moderator = await newStaffMember(admin, server.url, 'moderator');
    viewer = await resident(server.url);
    expectOk(await viewer.send('session:join', { sessionId }));
  });
  afterAll(() => closeSuite(server, admin, moderator, viewer));

  const rows = (sql: string, params: unknown[] = []) => queryFile<Record<string, unknown>>(server.dbPath, sql, params);

  it('refuses captions before the session is live, and from residents', async () => {
    expect(await moderator.send('caption:post', { sessionId, text: 'Chưa bắt đầu' })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    await goLive(admin, sessionId);
    expect(await viewer.send('caption:post', { sessionId, text: 'Tôi muốn viết phụ đề' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('shows a captioner\'s line to residents at once and stores it', async () => {
    const shown = nextEvent(viewer.socket, 'caption:shown', (c) => c.text === 'Xin chào bà con phường Hòa Bình');
    const segment = expectOk(await moderator.send('caption:post', { sessionId, text: 'Xin chào bà con phường Hòa Bình', speakerName: 'Nguyễn Văn An' }));
    expect(await shown).toMatchObject({ final: true, speakerName: 'Nguyễn Văn An', key: `segment-${segment.id}` });
    expect(await rows('SELECT source, text FROM transcript_segments WHERE id = ?', [segment.id])).toEqual([
      { source: 'captioner', text: 'Xin chào bà con phường Hòa Bình' },
    ]);
  });

  it('shows LiveKit interim text as a caption only, and stores a final segment once however often it is re-sent', async () => {
    const interim = nextEvent(viewer.socket, 'caption:shown', (c) => c.key === 'lk-SG_42' && !c.final);
    expect(expectOk(await admin.send('transcript:stream', liveKitStream('SG_42', false, 'Phường đang', sessionId)))).toEqual({ stored: false });
    expect((await interim).text).toBe('Phường đang');
    expect(await rows("SELECT id FROM transcript_segments WHERE external_id = 'SG_42'")).toEqual([]);

    const final = nextEvent(viewer.socket, 'caption:shown', (c) => c.key === 'lk-SG_42' && c.final);
    expect(expectOk(await admin.send('transcript:stream', liveKitStream('SG_42', true, 'Phường đang lắng nghe ý kiến.', sessionId)))).toEqual({ stored: true });
    await final;
    expect(expectOk(await admin.send('transcript:stream', liveKitStream('SG_42', true, 'Phường đang lắng nghe ý kiến.', sessionId)))).toEqual({ stored: false });
    expect(await rows("SELECT source, speaker_name, text FROM transcript_segments WHERE external_id = 'SG_42'")).toEqual([
      { source: 'livekit', speaker_name: 'agent-AJ_stt1', text: 'Phường đang lắng nghe ý kiến.' },
    ]);
  });

  it('previews a malformed subtitle file with line and reason, and writes nothing from it', async () => {
    const before = await rows('SELECT COUNT(*) AS n FROM transcript_segments');
    const broken = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nĐúng\n\n00:00:09.000 --> 00:00:03.000\nSai\n';
    const preview = await admin.http.json<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, { format: 'vtt', content: broken, mode: 'merge', preview: true });
    expect(preview.body.problems).toEqual([{ line: 6, reason: 'the cue ends before it starts' }]);
    expect(preview.body.segments).toHaveLength(1);
    const refused = await admin.http.json<{ error: { message: string } }>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, { format: 'vtt', content: broken, mode: 'merge' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('line 6');
    expect(await rows('SELECT COUNT(*) AS n FROM transcript_segments')).toEqual(before);
  });

  it('replaces the transcript with an imported WebVTT file, then merges an SRT without duplicating', async () => {
    const replaced = await admin.http.json<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, { format: 'vtt', content: VTT, mode: 'replace' });
    expect(replaced.body.written).toBe(3);
    expect(await rows('SELECT source FROM transcript_segments WHERE session_id = ? GROUP BY source', [sessionId])).toEqual([{ source: 'import' }]);
    const again = await admin.http.json<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, { format: 'vtt', content: VTT, mode: 'merge' });
    expect(again.body.written).toBe(0);
    const srt = '1\n00:00:20,000 --> 00:00:24,000\nCảm ơn bà con đã tham gia.\n';
    const merged = await admin.http.json<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, { format: 'srt', content: srt, mode: 'merge' });
    expect(merged.body.written).toBe(1);
    const transcript = await viewer.http.json<Segment[]>('GET', `/api/sessions/${sessionId}/transcript`);
    expect(transcript.body.map((s) => s.startMs)).toEqual([1000, 6000, 11000, 20000]);
  });

  it('serves the transcript as WebVTT and text that read back the same', async () => {
    const vtt = await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=vtt`);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    const parsed = parseVtt(await vtt.text());
    expect(parsed.problems).toEqual([]);
    expect(parsed.cues[1]).toEqual({ startMs: 6000, endMs: 10000, speakerName: 'Lê Thị Bình', text: 'Về đường Trần Duy Hưng, phường sẽ lát lại vỉa hè trong quý tới.' });
    const txt = await (await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=txt`)).text();
    expect(txt.split('\n')[0]).toBe('[00:00:01] Nguyễn Văn An: Kính chào bà con đến với buổi tọa đàm hôm nay.');
  });

  it.each([
    ['toa dam', ['Kính chào bà con đến với buổi tọa đàm hôm nay.', 'Toạ đàm tháng sau bàn về y tế.']],
    ['TOẠ ĐÀM', ['Kính chào bà con đến với buổi tọa đàm hôm nay.', 'Toạ đàm tháng sau bàn về y tế.']],
    ['duong tran duy hung', ['Về đường Trần Duy Hưng, phường sẽ lát lại vỉa hè trong quý tới.']],
    ['DUONG', ['Về đường Trần Duy Hưng, phường sẽ lát lại vỉa hè trong quý tới.']],
  ])('finds "%s" without diacritics in the transcript', async (query, expected) => {
    const { body } = await viewer.http.json<SearchResult>('GET', `/api/search?q=${encodeURIComponent(query)}`);
    const texts = body.hits.filter((h) => h.kind === 'segment').map((h) => h.snippet.map((p) => p.text).join('').replace(/^[^:]+: /, ''));
    expect(texts.sort()).toEqual([...expected].sort());
    expect(body.hits.every((h) => h.snippet.some((p) => p.hit))).toBe(true);
  });

  it('links a transcript hit to the exact time in the replay, once there is a recording to play', async () => {
    const before = await viewer.http.json<SearchResult>('GET', '/api/search?q=via%20he');
    expect(before.body.hits.find((h) => h.kind === 'segment')).toMatchObject({ sessionId, timeMs: null });
    expect((await admin.http.json('PATCH', `/api/admin/sessions/${sessionId}`, { archiveVideoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' })).status).toBe(200);
    const { body } = await viewer.http.json<SearchResult>('GET', '/api/search?q=via%20he');
    const hit = body.hits.find((h) => h.kind === 'segment')!;
    expect(hit).toMatchObject({ sessionId, timeMs: 6000 });
    expect(hit.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['vỉa', 'hè']);
  });

  it.each(['"', '*', 'NEAR(a b)', '((', 'a OR', ')"*:^'])('treats FTS syntax in "%s" as plain text, never a server error', async (query) => {
    const res = await viewer.http.request('GET', `/api/search?q=${encodeURIComponent(query)}`);
    expect([200, 400]).toContain(res.status);
  });

  it('refuses an empty search with a clear message', async () => {
    const res = await viewer.http.json<{ error: { message: string } }>('GET', '/api/search?q=%20');
    expect(res.status).toBe(400);
  });

  it('finds public questions, never pending ones', async () => {
    const asker = await resident(server.url);
    const open = await ask(asker, sessionId, 'Khi nào sửa cống thoát nước ngõ Quỳnh?');
    await ask(asker, sessionId, 'Câu hỏi bí mật chưa duyệt về cống Quỳnh Mai.');
    await approve(admin, open.id);
    const { body } = await viewer.http.json<SearchResult>('GET', '/api/search?q=cong%20quynh');
    expect(body.hits.filter((h) => h.kind === 'question').map((h) => h.questionId)).toEqual([open.id]);
    asker.close();
  });

  it('corrects a segment, keeps the old wording in the audit trail, and search follows', async () => {
    const [segment] = await rows("SELECT id FROM transcript_segments WHERE text LIKE 'Toạ đàm tháng sau%'");
    const res = await moderator.http.json<Segment>('PATCH', `/api/admin/transcript/${segment!.id}`, { text: 'Tọa đàm tháng sau bàn về giáo dục.', speakerRole: 'Chủ tịch UBND phường' });
    expect(res.body).toMatchObject({ text: 'Tọa đàm tháng sau bàn về giáo dục.', speakerRole: 'Chủ tịch UBND phường', speakerName: 'Nguyễn Văn An' });
    const [audit] = await rows("SELECT detail_json FROM audit_log WHERE action = 'transcript.correct'");
    expect(JSON.parse(audit!.detail_json as string).before.text).toBe('Toạ đàm tháng sau bàn về y tế.');
    const { body } = await viewer.http.json<SearchResult>('GET', '/api/search?q=giao%20duc');
    expect(body.hits.map((h) => h.segmentId)).toEqual([segment!.id]);
    expect((await viewer.http.json<SearchResult>('GET', '/api/search?q=y%20te')).body.hits.filter((h) => h.segmentId === segment!.id)).toEqual([]);
    expect((await viewer.http.request('PATCH', `/api/admin/transcript/${segment!.id}`, { text: 'x' })).status).toBe(401);
  });

  it('makes each question put on stage a chapter at the moment it went up', async () => {
    const asker = await resident(server.url);
    const q = await ask(asker, sessionId, 'Câu hỏi được đưa lên sân khấu để làm chương.');
    await approve(admin, q.id);
    expectOk(await admin.send('question:moderate', { questionId: q.id, action: 'stage' }));
    const { body } = await viewer.http.json<Archive>('GET', `/api/sessions/${sessionId}/archive`);
    const chapter = body.chapters.find((c) => c.questionId === q.id)!;
    // Counted from the moment the session went live (early, here), as the recording counts.
    const [row] = await rows('SELECT q.staged_at, s.live_at FROM questions q JOIN sessions s ON s.id = q.session_id WHERE q.id = ?', [q.id]);
    expect(chapter.atMs).toBe(Date.parse(row!.staged_at as string) - Date.parse(row!.live_at as string));
    expect(body.segments.length).toBeGreaterThan(0);
    asker.close();
  });

  it('gives the minutes with each question\'s fate and rejected ones only as counts, and a CSV of questions', async () => {
    const asker = await resident(server.url);
    const bad = await ask(asker, sessionId, 'Nội dung quảng cáo không liên quan đến tọa đàm.');
    expectOk(await admin.send('question:moderate', { questionId: bad.id, action: 'reject', reason: 'spam' }));
    const minutes = await viewer.http.json<{ questions: Array<{ id: number }>; rejected: Record<string, number> }>('GET', `/api/sessions/${sessionId}/minutes`);
    expect(minutes.body.rejected.spam).toBe(1);
    expect(minutes.body.questions.map((q) => q.id)).not.toContain(bad.id);
    const csv = await fetch(`${server.url}/api/sessions/${sessionId}/questions.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('"id","tracking_code","asked_at (Asia/Ho_Chi_Minh)","channel"')).toBe(true);
    expect(text).not.toContain('Nội dung quảng cáo');
    expect(text).toContain('Khi nào sửa cống thoát nước ngõ Quỳnh?');
    asker.close();
  });
});

describe('similar questions while a resident types', () => {
  let server: TestServer;
  let admin: Participant;
  let alice: Participant;

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin());
    alice = await resident(server.url);
  });
  afterAll(() => closeSuite(server, admin, alice));

  it('offers approved questions of the session that share words, ignoring diacritics, case and tone placement', async () => {
    const sessionId = server.demoSessionId;
    const pending = await ask(alice, sessionId, 'Xe máy để trên vỉa hè chưa duyệt thì không gợi ý.');
    const { body } = await alice.http.json<Array<{ id: number; text: string }>>('GET', `/api/sessions/${sessionId}/similar?text=${encodeURIComponent('XE MAY de tren VIA HE')}`);
    expect(body[0]!.text).toContain('chỗ để xe máy trên vỉa hè');
    expect(body.map((q) => q.id)).not.toContain(pending.id);
    expect((await alice.http.json<unknown[]>('GET', `/api/sessions/${sessionId}/similar?text=${encodeURIComponent('và có')}`)).body).toEqual([]);
  });
});
