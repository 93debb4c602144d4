import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

import { jetstreamManager } from '@nats-io/jetstream';

import { BusNames, connectNats, readNatsEnv } from '@tandem/messaging';
import { expectEventually, newAccount, startNatsCluster, type NatsClusterProcess } from '@tandem/testing';

import { answeredOnceOn, postAll, sqlOn, startSystem, type System, type SystemApp } from './system';

const execFileAsync = promisify(execFile);
const APPS: SystemApp[] = ['gateway', 'coach-state', 'identities', 'chat', 'sentinel', 'team-connections', 'progress'];

/** Restarts the machine's PostgreSQL cluster (the server every test shares: the system step runs one file at a time). */
async function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql to restart');
  await execFileAsync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
}

/**
 * Tandem on a real cluster, on this machine: three nats-server processes routed together, every
 * stream with 3 replicas, two processes of every service. A NATS node dies mid-run and comes
 * back, then PostgreSQL restarts; every turn is still answered once, every fact becomes one
 * note, and nothing is dead-lettered. Recovery times are printed for docs/operations.md, never
 * asserted.
 */
describe('a 3-node NATS cluster, replicated streams and 2 replicas of every service', () => {
  let cluster: NatsClusterProcess;
  let system: System;
  const tokens: string[] = [];
  const saved = { NATS_URL: process.env.NATS_URL, NATS_STREAM_REPLICAS: process.env.NATS_STREAM_REPLICAS, TANDEM_APP_START_TIMEOUT_MS: process.env.TANDEM_APP_START_TIMEOUT_MS };

  beforeAll(async () => {
    const started = performance.now();
    cluster = await startNatsCluster(3);
    // The test's own provisioning and clean-up act on the cluster too, with 3 replicas per stream.
    Object.assign(process.env, { NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3', TANDEM_APP_START_TIMEOUT_MS: '240000' });
    system = await startSystem(
      { NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3', SERVICE_TIMEOUT_MS: '5000', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
      { replicas: Object.fromEntries(APPS.map((app) => [app, 2])) },
    );
    const up = performance.now();
    for (let i = 0; i < 200; i += 25) {
      tokens.push(...(await Promise.all(Array.from({ length: 25 }, async () => (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body.token))));
    }
    console.log(`cluster set-up: ${((up - started) / 1000).toFixed(1)} s to start 3 NATS nodes and 14 processes, ${((performance.now() - up) / 1000).toFixed(1)} s to register 200 users`);
  }, 600_000);

  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const answeredOnce = (ids: string[]) => answeredOnceOn(system, ids, 240_000);

  it('should answer every turn once and learn every fact once through a NATS node killed and restarted and a PostgreSQL restart, dead-lettering nothing', async () => {
    const streams = await streamReplicas();
    expect(Object.values(streams)).toEqual([3, 3, 3]);

    // A node dies while 200 users chat (each message states a fact), and comes back.
    const posting = postAll(system, tokens, 'I work as a nurse at the city hospital.', { retryForMs: 60_000 });
    await expectEventually(async () => expect(Number((await sqlOn<{ count: string }>(system, "select count(*) from chat.chat_messages where role = 'COACH'"))[0]!.count)).toBeGreaterThan(20), {
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    const victim = cluster.nodes[1]!;
    await victim.halt('SIGKILL');
    const killedAt = performance.now();
    const first = await posting;
    await answeredOnce(first);
    const answeredAfterKill = (performance.now() - killedAt) / 1000;
    await victim.start();
    const restartedAt = performance.now();
    const rejoined = await postAll(system, tokens.slice(0, 50), 'Night shifts leave me tired but I love the team.', { retryForMs: 60_000 });
    await answeredOnce(rejoined);
    const answeredAfterRejoin = (performance.now() - restartedAt) / 1000;

    // PostgreSQL restarts under every service's pool.
    await restartPostgres();
    const pgRestartedAt = performance.now();
    const afterPg = await postAll(system, tokens.slice(50, 150), 'I started running on Sundays.', { retryForMs: 120_000 });
    const firstAcceptedAfterPg = (performance.now() - pgRestartedAt) / 1000;
    await answeredOnce(afterPg);
    const answeredAfterPg = (performance.now() - pgRestartedAt) / 1000;

    // Nothing gave up on a message; then every message's fact is exactly one note, however the replicas split the work.
    const problems = Object.values(system.replicas)
      .flat()
      .flatMap((replica) =>
        replica
          .output()
          .split('\n')
          .filter((line) => /"level":(40|50)/.test(line))
          .slice(-3)
          .map((line) => `${replica.app}: ${line.slice(0, 400)}`),
      );
    if (problems.length) console.log(`warnings and errors (last 3 per process):\n${problems.join('\n')}`);
    expect(await deadLetters()).toBe(0);
    await expectEventually(
      async () => {
        const [notes] = await sqlOn<{ messages: string; notes: string }>(
          system,
          'select count(distinct source_message_id) as messages, count(*) as notes from sentinel.user_notes where source_message_id = any($1::uuid[])',
          [first],
        );
        expect(notes).toEqual({ messages: String(first.length), notes: String(first.length) });
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    console.log(
      [
        `NATS node killed mid-run: all ${first.length} turns answered ${answeredAfterKill.toFixed(1)} s after the kill`,
        `node restarted: ${rejoined.length} more turns answered ${answeredAfterRejoin.toFixed(1)} s after it started`,
        `PostgreSQL restarted: first of ${afterPg.length} messages accepted within ${firstAcceptedAfterPg.toFixed(1)} s, all answered ${answeredAfterPg.toFixed(1)} s after the restart`,
      ].join('\n'),
    );
  }, 900_000);

  async function streamReplicas(): Promise<Record<string, number>> {
    const nc = await connectNats('cluster-test', cluster.url);
    try {
      const jsm = await jetstreamManager(nc);
      const names = new BusNames(readNatsEnv().BUS_NAMESPACE);
      const replicas: Record<string, number> = {};
      for (const stream of ['EVENTS', 'COMMANDS', 'DEADLETTER']) replicas[stream] = (await jsm.streams.info(names.stream(stream))).config.num_replicas;
      return replicas;
    } finally {
      await nc.close();
    }
  }

  async function deadLetters(): Promise<number> {
    const nc = await connectNats('cluster-test', cluster.url);
    try {
      return (await (await jetstreamManager(nc)).streams.info(new BusNames(readNatsEnv().BUS_NAMESPACE).stream('DEADLETTER'))).state.messages;
    } finally {
      await nc.close();
    }
  }
});
