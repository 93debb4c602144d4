import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

import { ChatMessageCreated, IdentityProposed, ListChatMessages, SearchNotes, liveSubject, type DurableContract } from '@tandem/contracts';
import { startNatsServer, type NatsServerProcess } from '@tandem/testing';

import { ALL_IDENTITIES, BusNames, PROVISIONER, connectNats, createEnvelope, createNatsIdentity, envelopeHeaders, provisionStreams, readNatsEnv } from '../src';

// A server configured as the bootstrap configures the project's own: a user per service with the
// permissions generated from BUS_ACCESS. Each case tries what a compromised or buggy service might.
describe('the bus with generated permissions', () => {
  const seeds = Object.fromEntries(ALL_IDENTITIES.map((identity) => [identity, createNatsIdentity().seed]));
  const names = new BusNames(readNatsEnv().BUS_NAMESPACE);
  const userId = '0b7f8f9e-6a0c-4c67-9a3e-2f5f1d1f8a10';
  let server: NatsServerProcess;
  const open: NatsConnection[] = [];

  const connectAs = async (identity: string): Promise<NatsConnection> => {
    const nc = await connectNats(identity, server.url, { ...process.env, NATS_NKEY_SEED: seeds[identity] });
    open.push(nc);
    return nc;
  };
  const publishEvent = async (nc: NatsConnection, contract: DurableContract, payload: unknown) => {
    const envelope = createEnvelope(contract, payload as never, { userId });
    return jetstream(nc).publish(names.subject(contract.subject), JSON.stringify(envelope), { msgID: envelope.id, headers: envelopeHeaders(envelope), timeout: 2_000 });
  };

  beforeAll(async () => {
    server = await startNatsServer({ identities: seeds });
    await provisionStreams(await jetstreamManager(await connectAs(PROVISIONER)), names);
  });

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await server?.stop();
  });

  it('should refuse a client without a key', async () => {
    await expect(connectNats('anonymous', server.url, { ...process.env, NATS_NKEY_SEED: undefined })).rejects.toThrow(/authorization/i);
  });

  it('should refuse a key the server does not know', async () => {
    await expect(connectNats('stranger', server.url, { ...process.env, NATS_NKEY_SEED: createNatsIdentity().seed })).rejects.toThrow(/authorization/i);
  });

  it('should let a service publish the events it owns, and no other', async () => {
    const identities = await connectAs('identities');
    await expect(publishEvent(identities, IdentityProposed, IdentityProposed.example)).resolves.toMatchObject({ stream: names.stream('EVENTS') });
    // A reply the coach never wrote: the event is chat's.
    await expect(publishEvent(identities, ChatMessageCreated, ChatMessageCreated.example)).rejects.toThrow(/permission/i);
  });

  it('should let a service ask only the queries it declares', async () => {
    const sentinel = await connectAs('sentinel');
    await expect(sentinel.request(names.subject(ListChatMessages.subject), JSON.stringify({ userId }), { timeout: 2_000 })).rejects.toThrow(/permission/i);
    const chat = await connectAs('chat');
    // Declared, and nothing answers it on this server: the server lets it through.
    await expect(chat.request(names.subject(SearchNotes.subject), JSON.stringify({ userId, q: 'x' }), { timeout: 2_000 })).rejects.toThrow(/no responders/i);
  });

  it("should let only the gateway listen to a user's live subject", async () => {
    const chat = await connectAs('chat');
    const eavesdropper = chat.subscribe(names.subject(liveSubject(userId)));
    // The server closes the subscription: `closed` resolves with the reason.
    expect(String(await eavesdropper.closed)).toMatch(/Permissions Violation for Subscription/);

    const gateway = await connectAs('gateway');
    const received = gateway.subscribe(names.subject(liveSubject(userId)), { max: 1 });
    await gateway.flush();
    chat.publish(names.subject(liveSubject(userId)), JSON.stringify({ type: 'chat.token', data: {} }));
    for await (const message of received) expect(message.json()).toEqual({ type: 'chat.token', data: {} });
  });

  it("should keep a service out of another's replies and durable consumers", async () => {
    const sentinel = await connectAs('sentinel');
    const snooping = sentinel.subscribe('_INBOX_gateway.>');
    expect(String(await snooping.closed)).toMatch(/Permissions Violation for Subscription/);

    const jsm = await jetstreamManager(sentinel);
    // A consumer of a subject it does not declare (user.registered carries no right of sentinel's).
    await expect(
      jsm.consumers.add(names.stream('EVENTS'), {
        durable_name: names.durable('sentinel', 'evt.user.registered.v1'),
        filter_subject: names.subject('evt.user.registered.v1'),
        ack_policy: AckPolicy.Explicit,
      }),
    ).rejects.toThrow(/permission/i);
    // Its own declared consumer works.
    await expect(
      jsm.consumers.add(names.stream('EVENTS'), {
        durable_name: names.durable('sentinel', ChatMessageCreated.subject),
        filter_subject: names.subject(ChatMessageCreated.subject),
        ack_policy: AckPolicy.Explicit,
      }),
    ).resolves.toMatchObject({ name: names.durable('sentinel', ChatMessageCreated.subject) });
    // Pulling from chat's coach-turn consumer, which would steal the turns.
    const next = `$JS.API.CONSUMER.MSG.NEXT.${names.stream('EVENTS')}.${names.durable('chat__coach-turn', ChatMessageCreated.subject)}`;
    await expect(sentinel.request(next, JSON.stringify({ batch: 1, expires: 1_000_000_000 }), { timeout: 2_000 })).rejects.toThrow(/permission/i);
  });

  it('should leave the streams to the provisioner', async () => {
    const chat = await connectAs('chat');
    const jsm = await jetstreamManager(chat);
    await expect(jsm.streams.update(names.stream('EVENTS'), { max_msgs: 1 })).rejects.toThrow(/permission/i);
    await expect(jsm.streams.info(names.stream('EVENTS'))).resolves.toMatchObject({ config: { max_msgs: -1 } });
  });
});
