import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { queryFile } from '../support/factory.ts';

describe('the database module over a real SQLite file', () => {
  let dir: string;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toadam-db-'));
    db = await openDatabase(join(dir, 'test.sqlite'));
    await db.write((tx) => tx.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits writes queued together in one transaction and resolves each after the commit', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => db.write((tx) => tx.run('INSERT INTO items (label) VALUES (?)', [`item-${i}`]))),
    );
    expect(results.map((r) => r.changes)).toEqual(Array(50).fill(1));
    const rows = await queryFile<{ n: number }>(db.path, 'SELECT COUNT(*) AS n FROM items');
    expect(rows[0]!.n).toBe(50);
  });

  it('rolls back a failing job alone, keeping the jobs committed beside it', async () => {
    const outcomes = await Promise.allSettled([
      db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('a')")),
      db.write(async (tx) => {
        await tx.run("INSERT INTO items (label) VALUES ('half-written')");
        await tx.run("INSERT INTO items (label) VALUES ('a')");
      }),
      db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('b')")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const labels = (await db.all<{ label: string }>('SELECT label FROM items ORDER BY label')).map((r) => r.label);
    expect(labels).toEqual(['a', 'b']);
  });

  it('commits a lone statement between the writes queued before and after it, and rejects it alone when it fails', async () => {
    const order = Promise.all([
      db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('first')")),
      db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('second')")),
      db.writeOne<{ id: number }>("INSERT INTO items (label) VALUES ('alone') RETURNING id"),
      db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('last')")),
    ]);
    const [, , alone] = await order;
    expect(alone).toEqual([{ id: 3 }]);
    await expect(db.writeOne("INSERT INTO items (label) VALUES ('first')")).rejects.toThrow(/UNIQUE/);
    await db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('after')"));
    const labels = (await db.all<{ label: string }>('SELECT label FROM items ORDER BY id')).map((r) => r.label);
    expect(labels).toEqual(['first', 'second', 'alone', 'last', 'after']);
  });

  it('never lets a read see a write that has not committed yet', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = db.write(async (tx) => {
      await tx.run("INSERT INTO items (label) VALUES ('uncommitted')");
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await db.all('SELECT * FROM items')).toEqual([]);
    release();
    await writing;
    expect(await db.all('SELECT label FROM items')).toEqual([{ label: 'uncommitted' }]);
  });

  it('runs reads side by side, each seeing every write acked before it started', async () => {
    let secondStarted!: () => void;
    const started = new Promise<void>((resolve) => (secondStarted = resolve));
    // The first read waits inside its transaction until the second has begun: with one reader this never ends.
    const first = db.read(async (tx) => {
      await tx.all('SELECT label FROM items');
      await started;
      return tx.all<{ label: string }>('SELECT label FROM items');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.write((tx) => tx.run("INSERT INTO items (label) VALUES ('acked')"));
    const second = db.read(async (tx) => {
      secondStarted();
      return tx.all<{ label: string }>('SELECT label FROM items');
    });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('reads did not run side by side')), 2000));
    const [a, b] = (await Promise.race([Promise.all([first, second]), timeout])) as Array<Array<{ label: string }>>;
    expect(b).toEqual([{ label: 'acked' }]);
    // The first read had already read before the write committed: it keeps its snapshot to the end.
    expect(a).toEqual([]);
  });

  it('refuses parameters that are not plain values', async () => {
    await expect(db.write((tx) => tx.run('INSERT INTO items (label) VALUES (?)', [{ evil: 1 } as never]))).rejects.toThrow(
      /not allowed/,
    );
  });

  it('runs WAL with synchronous=FULL and applies migrations once', async () => {
    const other = await openDatabase(join(dir, 'migrated.sqlite'));
    expect(await migrate(other)).toEqual(expect.arrayContaining(['001_initial.sql', '003_programme.sql']));
    expect(await migrate(other)).toEqual([]);
    expect(await other.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    const sync = await other.write((tx) => tx.get<{ synchronous: number }>('PRAGMA synchronous'));
    expect(sync).toEqual({ synchronous: 2 });
    await other.close();
  });

  it('keeps the audit log append-only at the database level', async () => {
    const other = await openDatabase(join(dir, 'audit.sqlite'));
    await migrate(other);
    await other.write((tx) => tx.run("INSERT INTO audit_log (actor, action, at) VALUES ('mod', 'question.approve', 'now')"));
    await expect(other.write((tx) => tx.run("UPDATE audit_log SET actor = 'someone else'"))).rejects.toThrow(/append-only/);
    await expect(other.write((tx) => tx.run('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    await other.close();
  });
});
