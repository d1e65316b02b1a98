import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDay } from '../../shared/rules/working-days.ts';
import { HttpAgent, type Participant } from '../support/clients.ts';
import { closeSuite, otherUnitAdmin, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

describe('the working calendar: national holidays common, a unit’s changes its own', () => {
  let server: TestServer;
  let admin: Participant;
  let otherAdmin: Participant;

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin());
    otherAdmin = await otherUnitAdmin(server);
  });
  afterAll(() => closeSuite(server, admin, otherAdmin));

  const days = async (who: HttpAgent, year: number) => (await who.json<CalendarDay[]>('GET', `/api/calendar/${year}`)).body;

  it("a second unit's administrator changes working days for that unit only, and cannot undo the first unit's", async () => {
    const mine = { date: '2031-06-06', kind: 'holiday', name: 'Ngày nghỉ riêng của phường này' };
    expect((await admin.http.request('PUT', '/api/admin/calendar', mine)).status).toBe(204);
    const theirs = { date: '2031-06-13', kind: 'holiday', name: 'Ngày nghỉ riêng của phường khác' };
    expect((await otherAdmin.http.request('PUT', '/api/admin/calendar', theirs)).status).toBe(204);
    // The other unit turns the first unit's day off into a working day: only in its own calendar.
    expect((await otherAdmin.http.request('PUT', '/api/admin/calendar', { ...mine, kind: 'working', name: 'Đi làm' })).status).toBe(204);

    const ours = await days(admin.http, 2031);
    expect(ours).toContainEqual(mine);
    expect(ours.map((d) => d.date)).not.toContain('2031-06-13');
    const other = await days(otherAdmin.http, 2031);
    expect(other).toContainEqual(theirs);
    expect(other).toContainEqual({ date: '2031-06-06', kind: 'working', name: 'Đi làm' });

    // Removing a day only removes the caller's own change.
    expect((await otherAdmin.http.request('DELETE', '/api/admin/calendar/2031-06-06')).status).toBe(204);
    expect((await otherAdmin.http.request('DELETE', '/api/admin/calendar/2031-06-06')).status).toBe(404);
    expect(await days(admin.http, 2031)).toContainEqual(mine);
  });

  it('the national holidays are in every calendar, and a visitor sees only them', async () => {
    const visitor = new HttpAgent(server.url);
    for (const who of [admin.http, otherAdmin.http, visitor]) {
      expect((await days(who, 2031)).find((d) => d.date === '2031-09-02')?.kind).toBe('holiday');
    }
    expect((await days(visitor, 2031)).map((d) => d.date)).not.toContain('2031-06-06');
  });
});
