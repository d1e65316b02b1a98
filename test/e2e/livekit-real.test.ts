/**
 * Real media through LiveKit's own server (the pinned release, single node, on loopback): Chromium's fake camera
 * and microphone in the chair's studio, a resident's page receiving them, and everything the platform does to the
 * room while media flows. The browser's peer connections are recorded by an init script so that the tests read
 * what actually arrived (inbound RTP bytes, decoded frames) instead of what the page believes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionMedia } from '../../shared/schemas/media.ts';
import { FAKE_MEDIA_ARGS, launchBrowser, openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { createStaffAccount, expectOk, queryFile, until } from '../support/factory.ts';
import { REAL_API_KEY, REAL_API_SECRET, describeWithLiveKit, printLiveKitLogOnFailure, reserveLiveKit, type LiveKitServer } from '../support/livekit-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Inbound {
  audio: number;
  video: number;
  framesDecoded: number;
}

/** Runs before the page's own scripts: keeps every RTCPeerConnection the page opens, for getStats(). */
function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const opened: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = opened;
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      opened.push(this);
    }
  };
}

/** Bytes received so far over all the page's open peer connections, by kind, and the video frames decoded. */
function inbound(page: Page): Promise<Inbound> {
  return page.evaluate(async () => {
    const total = { audio: 0, video: 0, framesDecoded: 0 };
    const opened = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (const pc of opened) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number; framesDecoded?: number }) => {
        if (report.type !== 'inbound-rtp' || (report.kind !== 'audio' && report.kind !== 'video')) return;
        total[report.kind] += report.bytesReceived ?? 0;
        if (report.kind === 'video') total.framesDecoded += report.framesDecoded ?? 0;
      });
    }
    return total;
  });
}

/**
 * Video tracks the page is subscribed to: transceivers that have received video and still receive. Pausing a track
 * (adaptive stream does it for a video nobody sees) keeps its transceiver receiving; unsubscribing makes LiveKit
 * renegotiate it to inactive.
 */
function videoSubscriptions(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let count = 0;
    const opened = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (const pc of opened) {
      if (pc.connectionState === 'closed') continue;
      const mids = new Set<string>();
      (await pc.getStats()).forEach((report: { type: string; kind?: string; mid?: string }) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video' && report.mid) mids.add(report.mid);
      });
      count += pc.getTransceivers().filter((t) => t.mid !== null && mids.has(t.mid) && t.currentDirection === 'recvonly').length;
    }
    return count;
  });
}

/** What arrived over `ms`: a reading, a wait, another reading. */
async function received(page: Page, ms = 2500): Promise<Inbound> {
  const before = await inbound(page);
  await page.waitForTimeout(ms);
  const after = await inbound(page);
  return { audio: after.audio - before.audio, video: after.video - before.video, framesDecoded: after.framesDecoded - before.framesDecoded };
}

/** Widths of the decoded videos the page shows, largest first. */
function videoWidths(page: Page, within = 'body'): Promise<number[]> {
  return page.evaluate(
    (selector) => [...document.querySelectorAll<HTMLVideoElement>(`${selector} video`)].map((v) => v.videoWidth).sort((a, b) => b - a),
    within,
  );
}

describeWithLiveKit('real media through a real LiveKit server', () => {
  let lk: LiveKitServer;
  let server: TestServer;
  let browser: Browser;
  let sessionId: number;
  let room: string;
  let admin: Participant;
  let chairAccount: { username: string; password: string };
  let chairIdentity: string;
  let studio: WatchedPage;
  let viewer: WatchedPage;
  let moderatorConsole: WatchedPage;
  const opened: WatchedPage[] = [];

  printLiveKitLogOnFailure(() => lk);

  async function open(width = 1280): Promise<WatchedPage> {
    const watched = await openPage(browser, { width, height: width < 600 ? 780 : 900 });
    await watched.context.addInitScript(recordPeerConnections);
    watched.context.setDefaultTimeout(30_000);
    opened.push(watched);
    return watched;
  }

  /** A page with nothing but livekit-client, for participants the platform's pages are not. */
  async function livekitClientPage(): Promise<WatchedPage> {
    const watched = await open(1280);
    // livekit-client needs a secure context (a loopback origin is one) that may reach LiveKit: any page of the platform's.
    await watched.page.goto(`${server.url}/healthz`);
    await watched.page.evaluate(readFileSync(join(createRequire(import.meta.url).resolve('livekit-client'), '../livekit-client.umd.js'), 'utf8'));
    return watched;
  }

  /** Sends one final transcription segment on `lk.transcription` as the holder of `token`. */
  function sendSegment(page: Page, token: string, segment: string, text: string): Promise<void> {
    return page.evaluate(
      async ({ url, token, segment, text }) => {
        const { Room } = (window as unknown as { LivekitClient: typeof import('livekit-client') }).LivekitClient;
        const room = new Room();
        await room.connect(url, token);
        await room.localParticipant.sendText(text, { topic: 'lk.transcription', attributes: { 'lk.segment_id': segment, 'lk.transcription_final': 'true' } });
        await new Promise((resolve) => setTimeout(resolve, 500));
        await room.disconnect();
      },
      { url: lk.wsUrl, token, segment, text },
    );
  }

  const media = async () => (await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${sessionId}/media`)).body;
  const webhooks = (event: string) => queryFile<{ n: number }>(server.dbPath, 'SELECT COUNT(*) AS n FROM media_webhook_events WHERE event = ?', [event]).then((rows) => rows[0]!.n);
  const participant = (identity: string) => lk.rooms.listParticipants(room).then((list) => list.find((p) => p.identity === identity));
  const residents = () => lk.rooms.listParticipants(room).then((list) => list.filter((p) => p.identity.startsWith('resident-')));

  beforeAll(async () => {
    lk = await reserveLiveKit();
    server = await startTestServer({ env: lk.env });
    await lk.start(`${server.url}/livekit/webhook`);
    browser = await launchBrowser(FAKE_MEDIA_ARGS);
    sessionId = server.demoSessionId;
    room = `toadam-session-${sessionId}`;
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    const chair = await createStaffAccount(admin, 'chair');
    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
    await until(media, (m) => m.room?.status === 'open', 'room open on LiveKit');
    chairAccount = chair;
  }, 120_000);

  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
    await lk?.close();
  });

  it('the chair’s studio publishes camera and microphone to the real server', async () => {
    studio = await open();
    await signIn(studio.page, server.url, `/s/${sessionId}/studio`, chairAccount.username, chairAccount.password);
    const start = studio.page.getByRole('button', { name: 'Bắt đầu phát' });
    await until(() => start.isEnabled(), Boolean, 'studio connected with permission to publish');
    await start.click();
    await studio.page.getByText('ĐANG PHÁT').waitFor();
    const publishing = await until(() => lk.rooms.listParticipants(room), (list) => list.some((p) => p.tracks.length >= 2), 'chair’s tracks on LiveKit');
    chairIdentity = publishing.find((p) => p.tracks.length >= 2)!.identity;
    const chair = await participant(chairIdentity);
    expect(chairIdentity).toMatch(/^staff-\d+$/);
    const sources = chair!.tracks.map((track) => track.source).sort();
    expect(sources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE].sort());
    expect(chair!.tracks.every((track) => !track.muted)).toBe(true);
  }, 120_000);

  it('a resident’s page receives the chair’s video and audio; time to the first frame is printed', async () => {
    viewer = await open(1280);
    const opening = Date.now();
    await viewer.page.goto(`${server.url}/s/${sessionId}`);
    await viewer.page.waitForFunction(() => [...document.querySelectorAll<HTMLVideoElement>('#live-media video')].some((v) => v.videoWidth > 0), null, {
      timeout: 60_000,
      polling: 50,
    });
    const firstFrameMs = Date.now() - opening;
    console.info(`Resident page: ${firstFrameMs} ms from opening the page to the first decoded frame of the chair's camera`);
    // Headless Chromium blocks autoplayed sound until the page is clicked: the page offers the button for it.
    const startAudio = viewer.page.getByRole('button', { name: 'Bấm để bật âm thanh' });
    if (await startAudio.isVisible()) await startAudio.click();

    expect((await videoWidths(viewer.page, '#live-media'))[0]).toBeGreaterThan(0);
    const flow = await received(viewer.page);
    expect(flow.video).toBeGreaterThan(10_000);
    expect(flow.framesDecoded).toBeGreaterThan(10);
    expect(flow.audio).toBeGreaterThan(1_000);
    await viewer.page.getByText('Đang xem trực tiếp').waitFor();
    // Let a few more frames through so that the screenshot shows the moving test pattern, not a black first frame.
    await viewer.page.waitForTimeout(1000);
    await screenshot(viewer.page, 'livekit-real-resident-1280');
  }, 120_000);

  it('counts the audience and its peak from the real server’s participant webhooks, and records the tracks published', async () => {
    await until(media, (m) => m.room?.audienceNow === 1, 'audience of one');
    const second = await open(360);
    await second.page.goto(`${server.url}/s/${sessionId}`);
    await until(media, (m) => m.room?.audienceNow === 2 && m.room.audiencePeak === 2, 'audience of two');
    await until(() => videoWidths(second.page, '#live-media'), (widths) => (widths[0] ?? 0) > 0, 'video on a phone');
    await screenshot(second.page, 'livekit-real-resident-360');
    await second.context.close();
    opened.splice(opened.indexOf(second), 1);
    const after = await until(media, (m) => m.room?.audienceNow === 1, 'audience back to one');
    expect(after.room?.audiencePeak).toBe(2);
    expect(await webhooks('participant_joined')).toBeGreaterThanOrEqual(3);
    expect(await webhooks('participant_left')).toBeGreaterThanOrEqual(1);
    expect(await webhooks('track_published')).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('the audio-only switch stops the video subscription while the sound goes on, and brings it back', async () => {
    const page = viewer.page;
    expect(await videoSubscriptions(page)).toBe(1);
    await page.getByRole('button', { name: 'Chỉ nghe âm thanh (mạng yếu)' }).click();
    await page.getByText('Đang chỉ nghe âm thanh').waitFor();
    // Unsubscribed, not merely paused because the video element went away.
    await until(() => videoSubscriptions(page), (n) => n === 0, 'video unsubscribed');
    const quiet = await received(page, 3000);
    expect(quiet.video).toBe(0);
    expect(quiet.audio).toBeGreaterThan(1_000);
    const identity = (await residents())[0]!.identity;
    expect(identity).toMatch(/^resident-/);

    await page.getByRole('button', { name: 'Xem lại hình ảnh' }).click();
    await until(() => videoWidths(page, '#live-media'), (widths) => (widths[0] ?? 0) > 0, 'video back on the resident page');
    expect(await videoSubscriptions(page)).toBe(1);
    expect((await received(page)).video).toBeGreaterThan(10_000);
  }, 120_000);

  it('raise a hand → a moderator invites → the resident publishes and the studio receives their camera; lowering the hand takes it back', async () => {
    const hand = viewer.page.locator('#live-media').getByRole('button', { name: 'Giơ tay phát biểu' });
    await hand.click();
    await viewer.page.getByText('Đang chờ mời').waitFor();
    const tag = (await until(media, (m) => m.hands.length === 1, 'hand on the console')).hands[0]!.residentTag;
    const identity = `resident-${tag}`;

    moderatorConsole = await open(1280);
    await signIn(moderatorConsole.page, server.url, `/s/${sessionId}/moderate`, 'admin', server.adminPassword);
    const panel = moderatorConsole.page.getByRole('region', { name: 'Video trực tiếp' });
    await panel.getByRole('button', { name: 'Mời lên sân khấu' }).click();
    await viewer.page.getByText('Bạn đã được mời lên sân khấu: bật micro').waitFor();

    const onStage = await until(() => participant(identity), (p) => (p?.tracks.length ?? 0) >= 2, 'resident’s camera and microphone on LiveKit');
    expect(onStage!.permission).toMatchObject({ canPublish: true, canPublishData: false });
    expect(onStage!.tracks.map((t) => t.source).sort()).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE].sort());
    // The studio shows its own camera and now the resident's, decoded.
    await until(() => videoWidths(studio.page), (widths) => widths.length >= 2 && widths.every((w) => w > 0), 'resident’s camera in the studio');
    // Residents have no name in the room: their tile says who they are by the tag the console shows, not "official".
    await studio.page.locator('figcaption', { hasText: `Người dân #${tag}` }).waitFor();
    await viewer.page.locator('#live-media figcaption', { hasText: `Người dân #${tag}` }).waitFor();
    await screenshot(studio.page, 'livekit-real-studio-resident-on-stage-1280');
    const atStudio = await received(studio.page);
    expect(atStudio.video).toBeGreaterThan(10_000);
    expect(atStudio.audio).toBeGreaterThan(1_000);

    await viewer.page.locator('#live-media').getByRole('button', { name: 'Hạ tay' }).click();
    const lowered = await until(() => participant(identity), (p) => p?.permission?.canPublish === false && p.tracks.length === 0, 'permission taken back on LiveKit');
    expect(lowered!.permission?.canPublishSources).toEqual([]);
    await until(() => videoWidths(studio.page), (widths) => widths.length === 1, 'resident’s camera gone from the studio');
  }, 120_000);

  it('dismissal by a moderator takes the permission back on the real server', async () => {
    await viewer.page.locator('#live-media').getByRole('button', { name: 'Giơ tay phát biểu' }).click();
    const panel = moderatorConsole.page.getByRole('region', { name: 'Video trực tiếp' });
    await panel.getByRole('button', { name: 'Mời lên sân khấu' }).click();
    const tag = (await until(media, (m) => m.hands.some((h) => h.invited), 'invited')).hands[0]!.residentTag;
    const identity = `resident-${tag}`;
    await until(() => participant(identity), (p) => (p?.tracks.length ?? 0) >= 2, 'resident publishing again');
    await panel.getByRole('button', { name: 'Mời xuống' }).click();
    const dismissed = await until(() => participant(identity), (p) => p?.permission?.canPublish === false && p.tracks.length === 0, 'dismissed on LiveKit');
    expect(dismissed!.permission?.canPublishSources).toEqual([]);
    await viewer.page.getByText('Muốn nói trực tiếp với cán bộ? Giơ tay, người điều hành sẽ mời bạn.').waitFor();
  }, 120_000);

  it('stores LiveKit text streams on lk.transcription once per segment, forwarded by the studio', async () => {
    // A speech-to-text agent is its own participant with its own token (the platform never grants data publishing).
    const agentToken = new AccessToken(REAL_API_KEY, REAL_API_SECRET, { identity: 'agent-stt', name: 'Speech to text' });
    agentToken.addGrant({ room, roomJoin: true, canPublish: false, canPublishData: true, canSubscribe: false });
    const agent = await livekitClientPage();
    const lines = ['Xin chào bà con', 'Xin chào bà con phường', 'Xin chào bà con phường Bến Nghé.'];
    await agent.page.evaluate(
      async ({ url, token, lines, trackSid }) => {
        const { Room } = (window as unknown as { LivekitClient: typeof import('livekit-client') }).LivekitClient;
        const agentRoom = new Room();
        await agentRoom.connect(url, token);
        const send = (text: string, segment: string, final: boolean) =>
          agentRoom.localParticipant.sendText(text, {
            topic: 'lk.transcription',
            attributes: { 'lk.segment_id': segment, 'lk.transcription_final': String(final), 'lk.transcribed_track_id': trackSid },
          });
        for (const line of lines) await send(line, 'SG_real_1', false);
        await send(lines.at(-1)!, 'SG_real_1', true);
        // An agent may send a final segment again after a reconnect: still one row.
        await send(lines.at(-1)!, 'SG_real_1', true);
        await send('Cảm ơn.', 'SG_real_2', true);
      },
      { url: lk.wsUrl, token: await agentToken.toJwt(), lines, trackSid: (await participant(chairIdentity))!.tracks.find((t) => t.source === TrackSource.MICROPHONE)!.sid },
    );
    const rows = await until(
      () => queryFile<{ text: string; external_id: string; speaker_name: string }>(server.dbPath, "SELECT text, external_id, speaker_name FROM transcript_segments WHERE source = 'livekit' ORDER BY id"),
      (list) => list.length >= 2,
      'segments stored',
    );
    // Anything late would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await queryFile(server.dbPath, "SELECT external_id FROM transcript_segments WHERE source = 'livekit' ORDER BY id")).toHaveLength(2);
    expect(rows).toEqual([
      { text: 'Xin chào bà con phường Bến Nghé.', external_id: 'SG_real_1', speaker_name: 'agent-stt' },
      { text: 'Cảm ơn.', external_id: 'SG_real_2', speaker_name: 'agent-stt' },
    ]);
    // The caption reaches residents too.
    await viewer.page.getByText('Cảm ơn.', { exact: true }).waitFor();
    await agent.context.close();
    opened.splice(opened.indexOf(agent), 1);
  }, 120_000);

  it('the real server drops text streams from the platform’s own tokens: nobody but a speech-to-text agent publishes data', async () => {
    const page = await livekitClientPage();
    const someone = await resident(server.url);
    const otherAdmin = await createStaffAccount(admin, 'admin');
    const official = await staffMember(server.url, otherAdmin.username, otherAdmin.password);
    try {
      for (const [who, segment] of [[someone, 'SG_from_resident'], [official, 'SG_from_official']] as const) {
        const { token } = expectOk(await who.send('media:token', { sessionId }));
        await sendSegment(page.page, token, segment, `Không được lưu: ${segment}`);
      }
      // The agent's segment sent after them arrives, so theirs would have arrived before it had LiveKit let them through.
      const agentToken = new AccessToken(REAL_API_KEY, REAL_API_SECRET, { identity: 'agent-stt' });
      agentToken.addGrant({ room, roomJoin: true, canPublish: false, canPublishData: true, canSubscribe: false });
      await sendSegment(page.page, await agentToken.toJwt(), 'SG_after', 'Đã lưu.');
      await until(() => queryFile(server.dbPath, "SELECT 1 FROM transcript_segments WHERE external_id = 'SG_after'"), (rows) => rows.length === 1, 'agent segment stored');
      expect(await queryFile(server.dbPath, "SELECT external_id FROM transcript_segments WHERE external_id LIKE 'SG_from_%'")).toEqual([]);
    } finally {
      someone.close();
      official.close();
      await page.context.close();
      opened.splice(opened.indexOf(page), 1);
    }
  }, 120_000);

  it('a moderator’s mute mutes the chair’s microphone for everyone', async () => {
    const chairRow = moderatorConsole.page.getByRole('region', { name: 'Video trực tiếp' }).getByRole('listitem').filter({ hasText: 'Test chair' });
    await chairRow.getByRole('button', { name: 'Tắt micro' }).click();
    await chairRow.getByRole('button', { name: 'Đã tắt micro' }).waitFor();
    const chair = await until(() => participant(chairIdentity), (p) => p?.tracks.find((t) => t.source === TrackSource.MICROPHONE)?.muted === true, 'microphone muted on LiveKit');
    expect(chair!.tracks.find((t) => t.source === TrackSource.CAMERA)?.muted).toBe(false);
    await viewer.page.waitForTimeout(1500);
    const flow = await received(viewer.page, 3000);
    expect(flow.audio).toBeLessThan(1_000);
    expect(flow.video).toBeGreaterThan(10_000);
  }, 120_000);

  it('removing a resident disconnects their page from the real server', async () => {
    const identity = (await residents())[0]!.identity;
    expectOk(await admin.send('participant:remove', { sessionId, identity }));
    await viewer.page.getByText('Bạn đã được mời rời phòng video').first().waitFor();
    expect(await viewer.page.locator('#live-media').getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    await until(residents, (list) => list.length === 0, 'resident gone from LiveKit');
    await until(media, (m) => m.room?.audienceNow === 0, 'audience zero');
  }, 120_000);

  it('logs no console errors on the pages', () => {
    // livekit-client logs this at error level when a track is unpublished while its subscription is being set up
    // (a resident dismissed a moment after going on stage): its own race, which it recovers from.
    const sdkRace = /^could not find published track \{/;
    // It also logs its publisher's data channels closing at error level when that connection is closed on purpose
    // ("User-Initiated Abort", e.g. a resident removed from the room); seen in full runs, not in this file alone.
    const ownClose = /^(DataChannel error on \w+: User-Initiated Abort\b|publisher data channel '\w+' closed unexpectedly\b)/;
    const unexpected = opened.flatMap((watched) => watched.errors).filter((error) => !sdkRace.test(error) && !ownClose.test(error));
    expect(unexpected).toEqual([]);
  });
});
