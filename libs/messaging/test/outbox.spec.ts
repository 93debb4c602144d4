import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { MikroORM } from '@mikro-orm/postgresql';
import type { JetStreamClient } from '@nats-io/jetstream';

import { expectEventually } from '@tandem/testing';

import { InboxMessage, OutboxMessage, outboxInsert, outboxRow, recordMessage } from '../src';
import { MessagingBed, WorkRequested } from './support';

describe('outbox', () => {
  const bed = new MessagingBed();
  let orm: MikroORM;

  beforeAll(async () => {
    await bed.setUp();
    orm = await bed.orm();
  });
  afterAll(() => bed.tearDown());

  const subject = () => bed.names.subject(WorkRequested.subject);

  it('should never publish an event recorded in a rolled-back transaction', async () => {
    const relay = bed.relay(orm);
    await expect(
      orm.em.fork().transactional(async (em) => {
        recordMessage(em, WorkRequested, { key: 'rolled-back', n: 1 });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    expect(await relay.publishPending()).toBe(0);
    expect(await orm.em.fork().count(OutboxMessage, {})).toBe(0);
    expect(await bed.storedOn(subject())).toEqual([]);
  });

  it('should write staged rows raw (outboxInsert) exactly as recordMessage writes them, and none when its condition fails', async () => {
    const stored = async (ids: string[]) =>
      (await orm.em.fork().execute<Array<{ row: string }>>(`select to_jsonb(o)::text as "row" from "${orm.config.get('schema')}"."outbox" o where "id" in (?, ?) order by "id"`, ids)).map(
        ({ row }) => row,
      );
    const meta = { userId: randomUUID(), testScenarioId: randomUUID(), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const rows = await orm.em.fork().transactional(async (em) => [recordMessage(em, WorkRequested, { key: 'raw', n: 5 }, meta), recordMessage(em, WorkRequested, { key: "it's raw", n: 6 })]);
    const ids = rows.map((row) => row.id);
    const recorded = await stored(ids);
    expect(recorded).toHaveLength(2);

    // The same rows again, written by one raw statement instead of the unit of work.
    await orm.em.fork().nativeDelete(OutboxMessage, { id: { $in: ids } });
    await orm.em.fork().transactional(async (em) => {
      const insert = outboxInsert(em, rows)!;
      await em.execute(insert.sql, insert.params);
    });
    expect(await stored(ids)).toEqual(recorded);

    const skipped = [outboxRow(WorkRequested, { key: 'skipped', n: 7 }, meta), outboxRow(WorkRequested, { key: 'skipped', n: 8 })];
    await orm.em.fork().transactional(async (em) => {
      const insert = outboxInsert(em, skipped, 'false')!;
      await em.execute(insert.sql, insert.params);
      expect(outboxInsert(em, [])).toBeNull();
    });
    expect(await stored(skipped.map((row) => row.id))).toEqual([]);
    await orm.em.fork().nativeDelete(OutboxMessage, { id: { $in: ids } });
  });

  it('should publish a committed event with its outbox id as Nats-Msg-Id and the ids in headers', async () => {
    const relay = bed.relay(orm);
    const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';
    const row = await orm.em.fork().transactional(async (em) => recordMessage(em, WorkRequested, { key: 'committed', n: 2 }, { userId }));

    expect(await relay.publishPending([row.id])).toBe(1);

    const stored = await bed.storedOn(subject());
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data).toMatchObject({ id: row.id, type: 'test.work-requested', version: 1, userId, payload: { key: 'committed', n: 2 } });
    expect(stored[0]!.headers).toMatchObject({ 'Nats-Msg-Id': row.id, 'tandem-user-id': userId, 'tandem-correlation-id': row.id });
    const reloaded = await orm.em.fork().findOneOrFail(OutboxMessage, row.id);
    expect(reloaded.publishedAt).toBeInstanceOf(Date);
  });

  it('should let JetStream drop a re-publish of the same outbox row', async () => {
    const relay = bed.relay(orm);
    const row = await orm.em.fork().transactional(async (em) => recordMessage(em, WorkRequested, { key: 'twice', n: 3 }));
    await relay.publishPending([row.id]);
    // As if the process died after publishing and before marking the row sent.
    await orm.em.fork().nativeUpdate(OutboxMessage, { id: row.id }, { publishedAt: null });
    await relay.publishPending([row.id]);

    const copies = (await bed.storedOn(subject())).filter((message) => (message.data as { id: string }).id === row.id);
    expect(copies).toHaveLength(1);
  });

  const storedIds = async () => (await bed.storedOn(subject())).map((message) => (message.data as { id: string }).id);

  it('should publish after commit the rows the transaction recorded, in their order, and mark them all sent', async () => {
    const relay = bed.relay(orm);
    const userId = '0b6f3c1e-5a2d-4c7b-8e9f-1a2b3c4d5e6f';
    const rows = await orm.em.fork().transactional(async (em) => Array.from({ length: 20 }, (_, n) => recordMessage(em, WorkRequested, { key: 'ordered', n }, { userId })));

    await relay.publishAfterCommit(rows);
    expect((await storedIds()).filter((id) => rows.some((row) => row.id === id))).toEqual(rows.map((row) => row.id));
    await relay.settled();
    const marked = await orm.em.fork().find(OutboxMessage, { id: { $in: rows.map((row) => row.id) }, publishedAt: { $ne: null } });
    expect(marked).toHaveLength(20);
  });

  it('should keep the commit order of one process on the stream when many commits publish at once', async () => {
    const relay = bed.relay(orm);
    const committed: string[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async (_, n) => {
        const row = await orm.em.fork().transactional(async (em) => recordMessage(em, WorkRequested, { key: 'concurrent', n }));
        committed.push(row.id); // the order the commits resolved in
        await relay.publishAfterCommit([row]);
      }),
    );
    expect((await storedIds()).filter((id) => committed.includes(id))).toEqual(committed);
    await relay.settled();
    expect(await orm.em.fork().count(OutboxMessage, { id: { $in: committed }, publishedAt: null })).toBe(0);
  });

  it('should leave rows younger than the grace to their committing process, and sweep them after it', async () => {
    const relay = bed.relay(orm);
    const row = await orm.em.fork().transactional(async (em) => recordMessage(em, WorkRequested, { key: 'young', n: 1 }));

    expect(await relay.publishPending(undefined, { graceMs: 60_000 })).toBe(0);
    expect(await storedIds()).not.toContain(row.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await relay.publishPending(undefined, { graceMs: 10 })).toBeGreaterThanOrEqual(1);
    expect(await storedIds()).toContain(row.id);
  });

  it('should have the sweeper retry at once a row whose publish after commit failed', async () => {
    let failures = 1;
    const flaky = new Proxy(bed.js, {
      get: (target, property, receiver) =>
        property === 'publish'
          ? (...args: Parameters<JetStreamClient['publish']>) => (failures-- > 0 ? Promise.reject(new Error('NATS is down')) : target.publish(...args))
          : Reflect.get(target, property, receiver),
    });
    // A grace far beyond the test: only the retry can publish the row in time.
    const relay = bed.relay(orm, flaky, { sweepGraceMs: 10 * 60_000 });
    relay.start(60_000);
    const row = await orm.em.fork().transactional(async (em) => recordMessage(em, WorkRequested, { key: 'retried', n: 1 }));

    await relay.publishAfterCommit([row]);
    await expectEventually(async () => expect((await orm.em.fork().findOneOrFail(OutboxMessage, row.id)).publishedAt).toBeInstanceOf(Date), { timeoutMs: 5_000 });
    expect((await storedIds()).filter((id) => id === row.id)).toHaveLength(1);
  });

  it('should delete published rows after the retention, and never unsent ones', async () => {
    const relay = bed.relay(orm);
    const [sent, unsent] = await orm.em.fork().transactional(async (em) => [recordMessage(em, WorkRequested, { key: 'old', n: 1 }), recordMessage(em, WorkRequested, { key: 'unsent', n: 2 })]);
    await relay.publishPending([sent.id]);
    const publishedAt = (await orm.em.fork().findOneOrFail(OutboxMessage, { id: sent.id })).publishedAt!;

    const left = async () => (await orm.em.fork().find(OutboxMessage, { id: { $in: [sent.id, unsent.id] } })).map((row) => row.id).sort();

    await relay.purgePublished(new Date(publishedAt.getTime() + 60 * 60_000 - 1_000));
    expect(await left()).toEqual([sent.id, unsent.id].sort());
    await relay.purgePublished(new Date(publishedAt.getTime() + 60 * 60_000 + 1_000));
    expect(await left()).toEqual([unsent.id]);
  });

  it('should delete inbox rows older than the inbox retention, and keep younger ones', async () => {
    const relay = bed.relay(orm, undefined, { inboxRetentionMs: 60_000 });
    const now = new Date();
    const [old, young] = [randomUUID(), randomUUID()];
    await orm.em.fork().transactional(async (em) => {
      em.create(InboxMessage, { consumer: 'purge-test', messageId: old, processedAt: new Date(now.getTime() - 61_000) });
      em.create(InboxMessage, { consumer: 'purge-test', messageId: young, processedAt: new Date(now.getTime() - 59_000) });
    });

    expect(await relay.purgeInbox(now)).toBe(1);
    expect((await orm.em.fork().find(InboxMessage, { consumer: 'purge-test' })).map((row) => row.messageId)).toEqual([young]);
  });

  it('should publish an event committed by a process that died before publishing, once the sweeper runs', async () => {
    const script = join(__dirname, 'fixtures', 'commit-then-die.ts');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
      // swc-node reads decorator settings from the workspace tsconfig, wherever Jest's cwd is.
      env: { ...process.env, NODE_OPTIONS: '', SWC_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json'), TEST_DATABASE_URL: bed.db.urlFor('coach-state') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let committedId = '';
    child.stdout.on('data', (chunk: Buffer) => (committedId += chunk.toString().trim()));
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(committedId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await bed.storedOn(subject())).map((message) => (message.data as { id: string }).id)).not.toContain(committedId);

    // "Restart": a fresh relay sweeps what the dead process left.
    const relay = bed.relay(orm);
    relay.start(50);
    await expectEventually(async () => {
      expect((await bed.storedOn(subject())).map((message) => (message.data as { id: string }).id)).toContain(committedId);
    });
  });
});
