import { spawn } from 'node:child_process';
import { join } from 'node:path';

import type { MikroORM } from '@mikro-orm/postgresql';

import { expectEventually } from '@tandem/testing';

import { OutboxMessage, recordMessage } from '../src';
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

  it('should delete published rows after the retention, and never unsent ones', async () => {
    const relay = bed.relay(orm);
    const [sent, unsent] = await orm.em.fork().transactional(async (em) => [recordMessage(em, WorkRequested, { key: 'old', n: 1 }), recordMessage(em, WorkRequested, { key: 'unsent', n: 2 })]);
    await relay.publishPending([sent.id]);
    const publishedAt = (await orm.em.fork().findOneOrFail(OutboxMessage, { id: sent.id })).publishedAt!;

    expect(await relay.purgePublished(new Date(publishedAt.getTime() + 60 * 60_000 - 1_000))).toBe(0);
    await relay.purgePublished(new Date(publishedAt.getTime() + 60 * 60_000 + 1_000));
    const left = await orm.em.fork().find(OutboxMessage, { id: { $in: [sent.id, unsent.id] } });
    expect(left.map((row) => row.id)).toEqual([unsent.id]);
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
