import { randomUUID } from 'node:crypto';

import { exampleNote, NoteAdded, NoteDeleted, UserErased, type DurableContract } from '@tandem/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

import { BUS_NAMES, MessageBus, NATS_CONNECTION, type BusNames } from '@tandem/messaging';
import { SERVICE_NAMES } from '@tandem/persistence';
import { adminSql, expectConsumer, expectEventually, type AdminSql } from '@tandem/testing';

import { apiClient, newAccount, openEventStream, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

/** What the gateway keeps of a user for their streams goes when the user forgets it or leaves. */
describe('gateway erasure traces', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;
  let sql: AdminSql;

  beforeAll(async () => {
    gateway = await startGateway();
    api = apiClient(gateway.url);
    sql = adminSql(gateway.db);
  });
  afterAll(() => gateway?.close());

  const register = async () => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
  /** An event as its owner would publish it. */
  const publish = <C extends DurableContract>(contract: C, payload: unknown, userId: string) =>
    gateway.app.get(MessageBus).transaction(async ({ emit }) => emit(contract, payload as never, { userId }));
  const eventsOf = (userId: string) => sql<{ type: string }>('select type from accounts.user_events where user_id = $1 order by id', [userId]);

  it("should forget a deleted note's events, so no replay brings its text back", async () => {
    const ada = await register();
    const note = { ...exampleNote, id: randomUUID(), userId: ada.user.id, note: 'Keeps a diary in Portuguese' };
    await publish(NoteAdded, { note }, ada.user.id);
    await expectEventually(async () => expect(await eventsOf(ada.user.id)).toEqual([{ type: 'sentinel.note.added' }]));

    await publish(NoteDeleted, { userId: ada.user.id, noteId: note.id }, ada.user.id);
    await expectEventually(async () => expect(await eventsOf(ada.user.id)).toEqual([{ type: 'sentinel.note.deleted' }]));
    const replay = await openEventStream(gateway.url, ada.token, '0');
    await expectEventually(() => expect(replay.events.some((event) => event.type === 'sentinel.note.deleted')).toBe(true));
    expect(JSON.stringify(replay.events)).not.toContain('Portuguese');
    await replay.close();
  });

  it("should delete the user's kept events and dead letters when erasure completes, and store none after", async () => {
    const bob = await register();
    const carol = await register();
    // Dead-letter copies of messages about Bob (two services) and about Carol, as consumers park them.
    const nc = gateway.app.get<NatsConnection>(NATS_CONNECTION);
    const js = jetstream(nc);
    const names = gateway.app.get<BusNames>(BUS_NAMES);
    const park = (service: string, userId: string) => js.publish(names.deadLetter(service, NoteAdded.subject, userId), JSON.stringify({ userId, payload: 'their words' }));
    await Promise.all([park('chat', bob.user.id), park('sentinel', bob.user.id), park('chat', carol.user.id)]);
    const deadLettersOf = async (userId: string) => {
      const { state } = await (await jetstreamManager(nc)).streams.info(names.stream('DEADLETTER'), { subjects_filter: names.userDeadLetters(userId) });
      return Object.values(state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
    };
    expect(await deadLettersOf(bob.user.id)).toBe(2);
    const { body: started } = await api<{ receiptId: string }>('DELETE', '/v1/me', { token: bob.token, body: { password: newAccount().password } });
    for (const service of SERVICE_NAMES.filter((name) => name !== 'gateway')) await publish(UserErased, { userId: bob.user.id, service, erasedRows: 1 }, bob.user.id);
    await expectEventually(async () => expect(await sql('select 1 from accounts.erased_users where user_id = $1', [bob.user.id])).toHaveLength(1));
    expect(await eventsOf(bob.user.id)).toEqual([]);
    expect(await deadLettersOf(bob.user.id)).toBe(0);
    expect(await deadLettersOf(carol.user.id)).toBe(1);

    // The account is gone, the receipt stays: the record, without a token, and nothing personal in it.
    expect((await api('GET', '/v1/me/erasure', { token: bob.token })).status).toBe(401);
    const receipt = await api<{ completedAt: string | null; services: Array<{ service: string; erasedRows: number | null }> }>('GET', `/v1/erasure-receipts/${started.receiptId}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body.completedAt).toEqual(expect.any(String));
    expect(receipt.body.services.map(({ service }) => service)).toEqual([...SERVICE_NAMES.filter((name) => name !== 'gateway'), 'gateway']);
    expect(JSON.stringify(receipt.body)).not.toContain(bob.user.id);
    expect((await api('GET', `/v1/erasure-receipts/${randomUUID()}`)).status).toBe(404);

    // A late event about the erased user is dropped, not kept for a stream nobody can open.
    await publish(NoteAdded, { note: { ...exampleNote, id: randomUUID(), userId: bob.user.id } }, bob.user.id);
    await expectConsumer('gateway__live-events', NoteAdded.subject, 'settled');
    expect(await eventsOf(bob.user.id)).toEqual([]);
  });
});
