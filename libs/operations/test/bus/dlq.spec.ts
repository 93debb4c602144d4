import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';

import { BusNames, HEADER, connectNats, provisionStreams, readNatsEnv, readNatsIdentities } from '@tandem/messaging';
import { deleteBusStreams } from '@tandem/testing';

import { OPERATOR } from '../../src/dlq/operator-permissions';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

/** Runs `npm run dlq -- <args>` the way an operator does: its own process, the operator's NATS identity. */
async function dlq(...args: string[]): Promise<string> {
  const seed = readNatsIdentities(process.env.NATS_IDENTITIES_FILE!)[OPERATOR];
  if (!seed) throw new Error('the test server has no operator identity (infra/bootstrap/nats-config.ts)');
  const { stdout } = await execFileAsync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'libs/operations/src/dlq/dlq-cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', NATS_NKEY_SEED: seed },
  });
  return stdout;
}

describe('npm run dlq', () => {
  const names = new BusNames(readNatsEnv().BUS_NAMESPACE);
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connectNats('tester');
    jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, names);
  });

  afterAll(async () => {
    await nc.close();
    await deleteBusStreams();
  });

  /** A dead letter as a consumer writes it (DurableConsumer.deadLetter): the original body and headers, plus why. */
  async function deadLetter(service: string, subject: string, userId: string, error: string): Promise<{ seq: number; envelopeId: string; body: string }> {
    const envelopeId = randomUUID();
    const body = JSON.stringify({ id: envelopeId, type: 'identity.propose', version: 1, userId, payload: { userId, category: 'CAREER', name: 'The Calm Leader' } });
    const headers = natsHeaders();
    headers.set(HEADER.messageId, envelopeId);
    headers.set(HEADER.userId, userId);
    headers.set(HEADER.traceparent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    headers.set(HEADER.error, error);
    headers.set(HEADER.originalSubject, subject);
    headers.set(HEADER.deliveries, '5');
    const ack = await jetstream(nc).publish(names.deadLetter(service, subject, userId), body, { headers, msgID: `${envelopeId}:dlq:${service}` });
    return { seq: ack.seq, envelopeId, body };
  }

  it('should list, show, replay with a new message id, and drop dead letters as the operator', async () => {
    const userId = randomUUID();
    const failed = await deadLetter('identities', 'cmd.identity.propose.v1', userId, 'Error: the database was away');
    const other = await deadLetter('sentinel', 'evt.chat.message.created.v1', userId, 'Error: no model');

    const listed = await dlq('list', '--json');
    expect(JSON.parse(listed)).toEqual([
      expect.objectContaining({ seq: failed.seq, service: 'identities', userId, originalSubject: 'cmd.identity.propose.v1', deliveries: 5, error: 'Error: the database was away' }),
      expect.objectContaining({ seq: other.seq, service: 'sentinel', originalSubject: 'evt.chat.message.created.v1' }),
    ]);
    expect(JSON.parse(await dlq('list', '--service', 'sentinel', '--json'))).toEqual([expect.objectContaining({ seq: other.seq })]);
    expect(JSON.parse(await dlq('count', '--json'))).toEqual({ total: 2, bySubject: { 'identities cmd.identity.propose.v1': 1, 'sentinel evt.chat.message.created.v1': 1 } });
    expect(JSON.parse(await dlq('show', String(failed.seq)))).toMatchObject({ body: failed.body, headers: { [HEADER.traceparent]: expect.any(String) } });

    expect(await dlq('replay', String(failed.seq))).toMatch(`replayed ${failed.seq} to cmd.identity.propose.v1`);
    const replayed = await jsm.streams.getMessage(names.stream('COMMANDS'), { last_by_subj: names.subject('cmd.identity.propose.v1') });
    expect(new TextDecoder().decode(replayed!.data)).toBe(failed.body);
    // A new Nats-Msg-Id (the original's may still be in the duplicate window), the message's own headers kept, the dead-lettering's dropped.
    expect(replayed!.header.get(HEADER.messageId)).not.toBe(failed.envelopeId);
    expect(replayed!.header.get(HEADER.messageId)).not.toBe('');
    expect(replayed!.header.get(HEADER.traceparent)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(replayed!.header.get(HEADER.error)).toBe('');

    expect(await dlq('drop', String(other.seq))).toMatch(`dropped ${other.seq}`);
    expect(JSON.parse(await dlq('list', '--json'))).toEqual([]);
    await expect(dlq('show', String(failed.seq))).rejects.toThrow(/No dead letter/);
    // Nine operator processes, each starting Node and TypeScript: seconds apiece on a loaded machine.
  }, 180_000);

  it('should not let the operator purge the dead-letter stream or publish outside what services consume', async () => {
    const operator = await connectNats(OPERATOR, undefined, { ...process.env, NATS_NKEY_SEED: readNatsIdentities(process.env.NATS_IDENTITIES_FILE!)[OPERATOR] });
    try {
      const before = (await jsm.streams.info(names.stream('DEADLETTER'))).state.messages;
      const operatorJsm = await jetstreamManager(operator, { timeout: 2_000 });
      await expect(operatorJsm.streams.purge(names.stream('DEADLETTER'))).rejects.toThrow(/permission|timeout|no responders/i);
      // The DEADLETTER stream captures dlq.>: only a missing permission can stop this publish.
      await expect(jetstream(operator, { timeout: 2_000 }).publish(names.deadLetter('identities', 'cmd.identity.propose.v1'), '{}')).rejects.toThrow(/permission|timeout/i);
      expect((await jsm.streams.info(names.stream('DEADLETTER'))).state.messages).toBe(before);
    } finally {
      await operator.close();
    }
  });
});
