import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { connect, createInbox, headers as natsHeaders, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import Ajv from 'ajv';
import { parse } from 'yaml';

import { compiledOrmConfig, createTestDatabase, deleteBusStreams, expectEventually, startAppProcess, type AppProcess, type TestDatabase } from '@tandem/testing';

/**
 * A client in any language, reduced to what it would have: docs/asyncapi.yaml and a NATS
 * connection. Nothing of Tandem's code speaks for it; every shape it sends or accepts is read from
 * the document (subject, packet, envelope, headers, replies) and checked with a JSON Schema validator.
 */
type Message = { payload: object; headers?: object; examples?: Array<{ payload: unknown; headers?: Record<string, string> }> };
type Channel = { address: string | null; messages: Record<string, Message> };
type AsyncApi = { channels: Record<string, Channel>; operations: Record<string, { channel: { $ref: string }; reply?: { channel: { $ref: string } } }> };

const document = parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8')) as AsyncApi;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const channelAt = (address: string) => {
  const entry = Object.entries(document.channels).find(([, channel]) => channel.address === address);
  if (!entry) throw new Error(`docs/asyncapi.yaml has no channel at ${address}`);
  return { id: entry[0], ...entry[1] };
};
const conforms = (schema: object, value: unknown) => {
  const validate = ajv.compile(schema);
  if (!validate(value)) throw new Error(`${JSON.stringify(value)} does not match the document: ${ajv.errorsText(validate.errors)}`);
};
const decode = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;

// The test server's subjects carry this file's namespace (a deployment has none).
const wire = (subject: string) => (process.env.BUS_NAMESPACE ? `${process.env.BUS_NAMESPACE}.${subject}` : subject);

describe('a plain NATS client built from docs/asyncapi.yaml', () => {
  let db: TestDatabase;
  let identities: AppProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    db = await createTestDatabase({ identities: compiledOrmConfig('identities') });
    identities = await startAppProcess('identities', { DATABASE_NAME: db.name });
    const seeds = process.env.NATS_IDENTITIES_FILE ? (JSON.parse(readFileSync(process.env.NATS_IDENTITIES_FILE, 'utf8')) as Record<string, string>) : {};
    nc = await connect({ servers: process.env.NATS_URL, ...(seeds.tester ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seeds.tester)) } : {}) });
  });

  afterAll(async () => {
    await nc?.close();
    await identities?.stop();
    await deleteBusStreams();
    await db?.drop();
  });

  /** Sends a query as the document says and reads replies until the one that says it is the last; each reply must match one of the document's reply messages. */
  async function ask(address: string, data: Record<string, unknown>) {
    const request = channelAt(address);
    const [requestMessage] = Object.values(request.messages);
    const packet = { pattern: address, data, id: randomUUID() };
    conforms(requestMessage!.payload, packet);
    // The operation on this channel names the reply channel.
    const replyRef = Object.values(document.operations).find((operation) => operation.channel.$ref === `#/channels/${request.id}`)?.reply?.channel.$ref;
    const replies = replyRef ? document.channels[replyRef.replace('#/channels/', '')] : undefined;
    if (!replies) throw new Error(`docs/asyncapi.yaml has no reply channel for ${address}`);
    const inbox = createInbox();
    const subscription = nc.subscribe(inbox, { timeout: 10_000 });
    nc.publish(wire(address), JSON.stringify(packet), { reply: inbox });
    const received: Array<{ kind: string; body: Record<string, unknown> }> = [];
    for await (const message of subscription) {
      const body = decode(message.data);
      const kind = Object.entries(replies.messages).find(([, candidate]) => ajv.validate(candidate.payload, body))?.[0];
      if (!kind) throw new Error(`reply ${JSON.stringify(body)} matches no reply message of the document`);
      expect(body.id).toBe(packet.id);
      received.push({ kind, body });
      if (body.isDisposed === true) break;
    }
    subscription.unsubscribe();
    return received;
  }

  it('should answer a query and take a command sent exactly as the document describes them', async () => {
    const userId = randomUUID();
    const listed = await ask('qry.identities.list.v1', { userId });
    expect(listed[0]).toMatchObject({ kind: 'IdentitiesListV1Response', body: { response: { items: [] } } });

    // The command: the document's example envelope and headers, with this client's own ids.
    const command = channelAt('cmd.identity.propose.v1');
    const [message] = Object.values(command.messages);
    const example = message!.examples![0]!;
    const envelope = {
      ...(example.payload as Record<string, unknown>),
      id: randomUUID(),
      correlationId: randomUUID(),
      userId,
      payload: { ...(example.payload as { payload: { name: string } }).payload, userId },
    };
    conforms(message!.payload, envelope);
    const headers = natsHeaders();
    for (const [name, value] of Object.entries({ ...example.headers, 'Nats-Msg-Id': envelope.id, 'tandem-correlation-id': envelope.correlationId, 'tandem-user-id': userId })) headers.set(name, value);
    const ack = decode((await nc.request(wire(command.address!), JSON.stringify(envelope), { headers, timeout: 5_000 })).data);
    expect(ack).toMatchObject({ stream: expect.any(String), seq: expect.any(Number) });

    const name = envelope.payload.name;
    await expectEventually(
      async () => expect((await ask('qry.identities.list.v1', { userId }))[0]?.body).toMatchObject({ response: { items: [expect.objectContaining({ name, state: 'PROPOSED' })] } }),
      { timeoutMs: 15_000, intervalMs: 200 },
    );
  });

  it('should refuse, in the shape the document gives, a question about something that is not the user’s', async () => {
    const replies = await ask('qry.identities.get.v1', { userId: randomUUID(), identityId: randomUUID() });
    expect(replies[0]).toMatchObject({ kind: 'IdentitiesGetV1Rejection', body: { err: { status: 404, code: 'NOT_FOUND' } } });
  });
});
