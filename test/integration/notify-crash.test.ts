import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.ts';
import { clientKey, staffMember, type Participant } from '../support/clients.ts';
import { expectOk, queryFile, until } from '../support/factory.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const QUESTIONS = 30;

describe('the notification outbox across a kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-notify-crash-'));
  const children: ChildServer[] = [];
  const participants: Participant[] = [];
  let mailbox: Mailbox | undefined;

  afterAll(async () => {
    for (const p of participants) p.close();
    for (const c of children) await c.kill('SIGKILL');
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no news of a committed change and, crash aside, sends none twice', async () => {
    // 40 ms per message: deliveries fall behind the changes, so the kill finds news committed but not yet sent.
    mailbox = await startMailbox({ delayMs: 40 });
    const env = {
      DATABASE_PATH: join(dir, 'toadam.sqlite'),
      SMTP_URL: mailbox.url,
      PUBLIC_URL: 'https://toadam.example',
      NOTIFY_RETRY_BASE_SECONDS: '0.2',
      NOTIFY_LEASE_SECONDS: '2',
      NOTIFY_PER_CONTACT_PER_DAY: '100',
    };
    const first = await spawnServer(env);
    children.push(first);
    const sessionId = first.sessionId!;
    const admin = await staffMember(first.url, 'admin', first.adminPassword!);
    participants.push(admin);

    // Questions phoned in, each with its asker's e-mail recorded by staff (verified then and there).
    const ids: number[] = [];
    for (let i = 0; i < QUESTIONS; i += 1) {
      const entered = await admin.http.json<{ id: number }>('POST', `/api/staff/sessions/${sessionId}/questions`, {
        text: `Câu hỏi qua đường dây nóng số ${i}.`,
        channel: 'hotline',
        clientKey: clientKey(),
      });
      expect(entered.status, JSON.stringify(entered.body)).toBe(201);
      const contact = await admin.http.json('PUT', `/api/staff/questions/${entered.body.id}/contact`, { channel: 'email', address: `cu.dan.${i}@example.vn`, consent: true });
      expect(contact.status).toBe(200);
      ids.push(entered.body.id);
    }

    // Each question is set aside then approved again, as fast as the moderator's socket takes it; the server is
    // killed while these changes and their deliveries are under way.
    let acked = 0;
    const storm = (async () => {
      for (const questionId of ids) {
        for (const action of [{ action: 'reject', reason: 'off_topic' }, { action: 'approve' }] as const) {
          const ack = await admin.send('question:moderate', { questionId, ...action }).catch(() => null);
          if (!ack?.ok) return;
          acked += 1;
        }
      }
    })();
    await until(async () => mailbox!.messages.length, (n) => n >= 3, 'the first mails of the storm', 30_000);
    const sentBeforeKill = mailbox.messages.length;
    expect(await first.kill('SIGKILL')).toBeNull();
    await storm;
    admin.close();

    const atKill = await queryFile<{ state: string; n: number }>(env.DATABASE_PATH, 'SELECT state, COUNT(*) AS n FROM notifications GROUP BY state');
    const committed = atKill.reduce((sum, r) => sum + r.n, 0);
    // Every acked change committed its notification with it.
    expect(committed).toBeGreaterThanOrEqual(acked);
    expect(committed - sentBeforeKill).toBeGreaterThan(0);

    const second = await spawnServer(env);
    children.push(second);
    await until(
      () => queryFile<{ n: number }>(env.DATABASE_PATH, `SELECT COUNT(*) AS n FROM notifications WHERE state <> 'sent'`),
      (rows) => rows[0]!.n === 0,
      'every notification sent after the restart',
      60_000,
    );
    const keys = (await queryFile<{ key: string }>(env.DATABASE_PATH, 'SELECT key FROM notifications')).map((r) => r.key);
    const seen = new Map<string, number>();
    for (const m of mailbox.messages) seen.set(m.messageId!, (seen.get(m.messageId!) ?? 0) + 1);
    const idOf = (key: string) => `<${key.replace(/[^A-Za-z0-9.:-]/g, '-')}@toadam>`;
    const lost = keys.filter((key) => !seen.has(idOf(key)));
    const twice = [...seen.values()].filter((n) => n > 1).length;
    console.log(
      `notify crash: ${acked} acked changes, ${committed} notifications committed, ${sentBeforeKill} mailed before the kill, ` +
        `states at the kill ${JSON.stringify(atKill)}, ${mailbox.messages.length} mails in all, ${lost.length} lost, ${twice} delivered twice`,
    );
    expect(lost).toEqual([]);
    expect(mailbox.messages).toHaveLength(keys.length + [...seen.values()].reduce((extra, n) => extra + n - 1, 0));
    // Only a message the server had already taken when the process died can go twice: at most one per claim.
    expect(twice).toBeLessThanOrEqual(1);
  }, 120_000);
});
