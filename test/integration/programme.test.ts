import ICAL from 'ical.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/schemas/session.ts';
import { staffMember, type Participant } from '../support/clients.ts';
import { queryFile } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const RULE = { nth: 3, weekday: 4, startTime: '14:00', durationMinutes: 120, openDaysBefore: 5 };

describe('the monthly programme', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-programme-'));
  let now = new Date('2026-11-25T03:00:00.000Z');
  const clock = () => now;
  let server: TestServer;
  let admin: Participant;

  beforeAll(async () => {
    server = await startTestServer({ dir, clock });
    admin = await staffMember(server.url, 'admin', server.adminPassword);
  });
  afterAll(async () => {
    admin?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function generate(from: string, months: number) {
    return admin.http.json<{ created: Session[]; skipped: Array<{ month: string; reason: string }> }>('POST', '/api/admin/programme/generate', { from, months });
  }

  it('refuses to generate before a rule exists, and refuses a malformed rule', async () => {
    expect((await generate('2026-12', 3)).status).toBe(409);
    const bad = await admin.http.json<{ error: { message: string } }>('PUT', '/api/admin/programme', { rule: { ...RULE, nth: 5, startTime: '25:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/nth/);
    expect(bad.body.error.message).toMatch(/startTime/);
  });

  it('generates a year of themed sessions from the rule, on the right days in Hanoi time', async () => {
    const saved = await admin.http.json('PUT', '/api/admin/programme', {
      rule: RULE,
      themes: [
        { month: '2026-12', theme: 'Trật tự đô thị và vỉa hè' },
        { month: '2027-01', theme: 'Y tế và an toàn thực phẩm dịp Tết' },
        { month: '2027-02', theme: 'Thủ tục hành chính' },
      ],
    });
    expect(saved.status).toBe(200);
    const { status, body } = await generate('2026-12', 12);
    expect(status).toBe(201);
    expect(body.created).toHaveLength(12);
    expect(body.created.slice(0, 3).map((s) => [s.occurrenceKey, s.startsAt, s.theme])).toEqual([
      ['2026-12', '2026-12-17T07:00:00.000Z', 'Trật tự đô thị và vỉa hè'],
      ['2027-01', '2027-01-21T07:00:00.000Z', 'Y tế và an toàn thực phẩm dịp Tết'],
      ['2027-02', '2027-02-18T07:00:00.000Z', 'Thủ tục hành chính'],
    ]);
    expect(body.created[0]!.opensAt).toBe('2026-12-12T07:00:00.000Z');
    expect(body.created[0]!.title).toBe('Tọa đàm trực tuyến tháng 12/2026');
  });

  it('moves one occurrence by hand without breaking the rule for the others, and regenerating adds nothing', async () => {
    const january = (await queryFile<{ id: number }>(server.dbPath, "SELECT id FROM sessions WHERE occurrence_key = '2027-01'"))[0]!;
    const moved = await admin.http.json<Session>('PATCH', `/api/admin/sessions/${january.id}`, {
      startsAt: '2027-01-28T14:00:00+07:00',
      endsAt: '2027-01-28T16:00:00+07:00',
      theme: 'Chuẩn bị đón Tết',
    });
    expect(moved.status).toBe(200);
    const again = await generate('2026-12', 14);
    expect(again.body.created.map((s) => s.occurrenceKey)).toEqual(['2027-12', '2028-01']);
    expect(again.body.skipped.filter((s) => s.reason === 'exists')).toHaveLength(12);
    const rows = await queryFile<{ starts_at: string; theme: string }>(server.dbPath, "SELECT starts_at, theme FROM sessions WHERE occurrence_key = '2027-01'");
    expect(rows).toEqual([{ starts_at: '2027-01-28T07:00:00.000Z', theme: 'Chuẩn bị đón Tết' }]);
  });

  it('refuses a session that overlaps another of the same unit', async () => {
    const clash = await admin.http.json<{ error: { code: string } }>('POST', '/api/admin/sessions', {
      title: 'Phiên trùng giờ',
      theme: 'Trùng giờ với tháng 12',
      startsAt: '2026-12-17T15:00:00+07:00',
      endsAt: '2026-12-17T17:00:00+07:00',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
  });

  it('moves sessions on time and catches up after a restart without running a step twice', async () => {
    const december = (await queryFile<{ id: number }>(server.dbPath, "SELECT id FROM sessions WHERE occurrence_key = '2026-12'"))[0]!.id;
    const state = async () => (await queryFile<{ state: string }>(server.dbPath, 'SELECT state FROM sessions WHERE id = ?', [december]))[0]!.state;

    now = new Date('2026-12-13T00:00:00.000Z');
    await server.platform.app.scheduler.tick();
    expect(await state()).toBe('open');
    expect(await server.platform.app.scheduler.tick()).toBe(0);

    // Down over the whole session: on start-up the server works out that it has ended.
    now = new Date('2026-12-17T10:00:00.000Z');
    await server.restart();
    expect(await state()).toBe('ended');
    const steps = await queryFile<{ detail_json: string; actor: string }>(
      server.dbPath,
      "SELECT detail_json, actor FROM audit_log WHERE session_id = ? AND action = 'session.transition' ORDER BY id",
      [december],
    );
    expect(steps.map((s) => JSON.parse(s.detail_json).to)).toEqual(['open', 'live', 'ended']);
    expect(new Set(steps.map((s) => s.actor))).toEqual(new Set(['system:schedule']));
    await server.restart();
    expect((await queryFile(server.dbPath, "SELECT id FROM audit_log WHERE session_id = ? AND action = 'session.transition'", [december])).length).toBe(3);
  });

  it('publishes an iCalendar feed for the unit and a file per session that calendars can read', async () => {
    const feed = await fetch(`${server.url}/api/units/1/calendar.ics`);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const december = events.find((e) => e.summary.includes('12/2026'))!;
    expect(december.summary).toBe('Tọa đàm trực tuyến tháng 12/2026: Trật tự đô thị và vỉa hè');
    expect(december.startDate.toJSDate().toISOString()).toBe('2026-12-17T07:00:00.000Z');
    expect(december.endDate.toJSDate().toISOString()).toBe('2026-12-17T09:00:00.000Z');
    expect(events.length).toBeGreaterThanOrEqual(14);

    const one = await fetch(`${server.url}/api/sessions/${server.demoSessionId}/calendar.ics`);
    expect(one.headers.get('content-disposition')).toMatch(/attachment; filename="?toa-dam-\d+\.ics"?/);
    const single = new ICAL.Component(ICAL.parse(await one.text())).getAllSubcomponents('vevent');
    expect(single).toHaveLength(1);
    expect(new ICAL.Event(single[0]!).description).toContain(`/s/${server.demoSessionId}`);
  });
});
