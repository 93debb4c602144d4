import { performance } from 'node:perf_hooks';

import type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
import { context as traceContext, type Context } from '@opentelemetry/api';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { z } from 'zod';

import { CommandRejected, UserDeleted, envelopeSchema, type DurableContract, type Envelope } from '@tandem/contracts';

import type { BusNames } from './bus-names';
import { DomainError } from './errors';
import { HEADER } from './headers';
import { lockUsersSql, recordErasure } from './erasure';
import { KeyedScheduler } from './keyed-scheduler';
import { InboxMessage, type OutboxMessage } from './messaging.entities';
import { causedBy, outboxRow, recordMessage, type MessageMeta } from './outbox';
import type { OutboxRelay, RelayLogger } from './outbox-relay';
import { provisionConsumer, type ConsumerSettings } from './streams';
import { inSpan, messagingMetrics, SpanKind, traceContextOf } from './telemetry';

export interface HandlerContext {
  envelope: Envelope;
  /** The transaction the inbox row is written in: the handler's effects commit with it or not at all. */
  em: EntityManager;
  /** Records a message caused by this one in the same transaction. */
  emit<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): string;
  /**
   * The outbox row `emit` would record, with the same meta, written by nobody yet: the caller
   * writes it in its own statement (`outboxInsert`), then hands it to `publishAfterCommit`.
   */
  stage<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): OutboxMessage;
  /** Staged rows the caller wrote in this transaction: published after the commit, as emitted ones. */
  publishAfterCommit(rows: readonly OutboxMessage[]): void;
  deliveryCount: number;
}

/**
 * What a handler that commits itself is given (`transaction: 'in-handler'`): it does its slow
 * work (a model call) holding no connection, then writes in one short transaction. It sees
 * every delivery and writes nothing unless it commits: it must skip work already done.
 */
export interface DeferredHandlerContext {
  envelope: Envelope;
  /** Outside any transaction: each query borrows a pooled connection and gives it back. */
  em: EntityManager;
  deliveryCount: number;
  /** Whether an earlier delivery committed this message (a cheap check before slow work). */
  alreadyApplied(): Promise<boolean>;
  /**
   * Opens the message's transaction: the inbox row, then `work`, committed together. Resolves
   * `{ applied: false }` when another delivery of the message committed first (its work is not
   * run). The messages `work` emits are published right after the commit.
   */
  commit<T>(work: (tx: HandlerContext) => Promise<T>): Promise<{ applied: true; value: T } | { applied: false }>;
}

export type MessageHandler<C extends DurableContract> = (payload: z.output<C['payload']>, context: HandlerContext) => Promise<void>;
export type DeferredMessageHandler<C extends DurableContract> = (payload: z.output<C['payload']>, context: DeferredHandlerContext) => Promise<void>;

export interface ConsumerDeps {
  orm: MikroORM;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: BusNames;
  relay: OutboxRelay;
  service: string;
  logger: RelayLogger & { log(message: string): void };
}

export interface DurableConsumerSettings extends ConsumerSettings {
  /** Redelivery delay after the n-th failure: min(retryBaseMs * 2^(n-1), 30 s). */
  retryBaseMs: number;
  /** Wait for the server to confirm each ack (tests that count redeliveries rely on it). */
  confirmAcks: boolean;
  /** Messages handled at once by one replica; messages of the same user always one after another. */
  concurrency: number;
  /** Tells apart two handlers of one subject in one service (each needs its own durable consumer). */
  handlerName?: string;
  /**
   * `around-handler`: the consumer runs the handler inside the message's transaction.
   * `in-handler`: the handler gets a DeferredHandlerContext and commits itself, so slow work
   * (a model call) holds no connection; use it for every handler that calls a model.
   */
  transaction?: 'around-handler' | 'in-handler';
  /**
   * Events (`around-handler` only, not `user.deleted`) that arrive while this many transactions
   * are already open wait and share one: one lock statement, one inbox insert and one commit
   * for several users' messages, each handler with its own EntityManager in it. If any handler
   * throws, the shared transaction is rolled back and each message is applied alone, so one
   * failure holds back no other, and the others' handlers run again, as on any redelivery: an
   * `around-handler` handler keeps every effect in its transaction. 1: off.
   */
  batchSize?: number;
}

/** Transactions a consumer holds open at once for batched events; more messages wait and join the next. */
const OPEN_BATCHES = 2;

export const DEFAULT_CONSUMER_SETTINGS: DurableConsumerSettings = {
  ackWaitMs: 30_000,
  maxDeliveries: 5,
  retryBaseMs: 1_000,
  confirmAcks: false,
  concurrency: 8,
  transaction: 'around-handler',
  batchSize: 16,
};

type Emitted = OutboxMessage[] & { applied: boolean };

interface Waiting<P> {
  envelope: Envelope<P>;
  deliveryCount: number;
  /** The message's trace: its handler runs in it, whoever's transaction it shares. */
  trace: Context;
  settle(outcome: { emitted: Emitted } | { error: unknown }): void;
}

class MalformedMessage extends Error {}

/**
 * One service's durable pull consumer for one contract. Replicas share it, so they split the
 * work. Each message is validated, applied at most once (inbox row in the handler's
 * transaction), acked after commit, retried with backoff when the handler throws, and moved to
 * the dead-letter subject after `maxDeliveries` failures, or at once when it is malformed.
 */
export class DurableConsumer<C extends DurableContract> {
  private messages?: ConsumerMessages;
  private done?: Promise<void>;
  private durable = '';
  private stream = '';
  private readonly scheduler: KeyedScheduler<JsMsg>;
  /** Pulled and not yet settled: each keeps telling the server it is in hand. */
  private readonly heartbeats = new Map<JsMsg, NodeJS.Timeout>();
  /** Events waiting for a shared transaction, and how many such transactions are open. */
  private readonly waiting: Array<Waiting<z.output<C['payload']>>> = [];
  private openBatches = 0;

  constructor(deps: ConsumerDeps, contract: C, handler: DeferredMessageHandler<C>, settings: DurableConsumerSettings & { transaction: 'in-handler' });
  constructor(deps: ConsumerDeps, contract: C, handler: MessageHandler<C>, settings?: DurableConsumerSettings);
  constructor(
    private readonly deps: ConsumerDeps,
    readonly contract: C,
    private readonly handler: MessageHandler<C> | DeferredMessageHandler<C>,
    private readonly settings: DurableConsumerSettings = DEFAULT_CONSUMER_SETTINGS,
  ) {
    this.scheduler = new KeyedScheduler(settings.concurrency, (msg) => this.receiveSafely(msg));
  }

  async start(): Promise<void> {
    const { jsm, js, names, service } = this.deps;
    const { stream, durable } = await provisionConsumer(jsm, names, service, this.contract.subject, this.settings, this.settings.handlerName);
    this.durable = durable;
    this.stream = stream;
    const consumer = await js.consumers.get(stream, durable);
    this.messages = await consumer.consume({ max_messages: Math.max(64, this.settings.concurrency * 4) });
    this.done = this.dispatch(this.messages);
  }

  /**
   * Up to `concurrency` messages in hand, one user's messages in the order the stream holds them
   * (a user's `identity.proposed` is applied before their `identity.accepted`), and fair across
   * users (KeyedScheduler). Pulling pauses only while a message that could start has no slot.
   */
  private async dispatch(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      // A message waiting behind its user's previous one must not outlive ackWait meanwhile.
      this.heartbeats.set(
        msg,
        setInterval(() => msg.working(), Math.max(1_000, this.settings.ackWaitMs / 3)),
      );
      this.scheduler.add(msg.headers?.get(HEADER.userId) || `seq:${msg.seq}`, msg);
      while (this.scheduler.saturated) await this.scheduler.whenSlotFrees();
    }
  }

  private async receiveSafely(msg: JsMsg): Promise<void> {
    try {
      await this.receive(msg);
    } catch (error) {
      // Left unacknowledged: the server redelivers it after ackWait.
      this.deps.logger.error(`${this.durable}: could not settle message ${msg.seq}: ${(error as Error).message}`);
    } finally {
      clearInterval(this.heartbeats.get(msg));
      this.heartbeats.delete(msg);
    }
  }

  /** JetStream's count of this consumer's backlog, messages in hand and redeliveries (for the metrics). */
  async lag(): Promise<{ durable: string; pending: number; ackPending: number; redelivered: number }> {
    const info = await this.deps.jsm.consumers.info(this.stream, this.durable);
    return { durable: this.durable, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
  }

  /** Stops pulling; the messages in hand finish first, and those not started go back at once. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.done;
    for (const msg of await this.scheduler.drain()) {
      clearInterval(this.heartbeats.get(msg));
      this.heartbeats.delete(msg);
      msg.nak();
    }
  }

  /** In a span that continues the producer's trace (the `traceparent` header), counted and timed per outcome. */
  private async receive(msg: JsMsg): Promise<void> {
    const started = performance.now();
    const attributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': msg.subject,
      'messaging.consumer.group.name': this.durable,
      'messaging.message.id': msg.headers?.get(HEADER.messageId) ?? '',
    };
    const outcome = await inSpan(`${this.contract.subject} process`, SpanKind.CONSUMER, traceContextOf(msg.headers?.get(HEADER.traceparent)), attributes, () => this.settle(msg));
    messagingMetrics.handled.inc({ consumer: this.durable, outcome });
    messagingMetrics.handlingSeconds.observe({ consumer: this.durable }, (performance.now() - started) / 1000);
  }

  private async settle(msg: JsMsg): Promise<'acked' | 'retried' | 'dead-lettered'> {
    let envelope: Envelope<z.output<C['payload']>>;
    try {
      envelope = this.parse(msg);
    } catch (error) {
      await this.deadLetter(msg, error as Error);
      return 'dead-lettered';
    }
    // A handler may outlast ackWait (a coach turn streams a model's reply): the heartbeat started
    // at pull time tells the server it is still in hand, so ackWait can stay short and a dead
    // replica's messages come back soon.
    try {
      if (this.settings.transaction === 'in-handler') await this.handOver(envelope, msg.info.deliveryCount);
      else await this.deps.relay.publishAfterCommit(await this.applyBatched(envelope, msg.info.deliveryCount));
      await this.ack(msg);
      return 'acked';
    } catch (error) {
      const deliveries = msg.info.deliveryCount;
      if (deliveries >= this.settings.maxDeliveries) {
        await this.deadLetter(msg, error as Error);
        return 'dead-lettered';
      }
      this.deps.logger.warn(`${this.durable}: ${envelope.id} failed (delivery ${deliveries}), will retry: ${(error as Error).message}`);
      msg.nak(Math.min(this.settings.retryBaseMs * 2 ** (deliveries - 1), 30_000));
      return 'retried';
    }
  }

  private parse(msg: JsMsg): Envelope<z.output<C['payload']>> {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(msg.data));
    } catch {
      throw new MalformedMessage('body is not JSON');
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) throw new MalformedMessage(`bad envelope: ${envelope.error.message}`);
    if (envelope.data.type !== this.contract.type || envelope.data.version !== this.contract.version) {
      throw new MalformedMessage(`expected ${this.contract.type} v${this.contract.version}, got ${envelope.data.type} v${envelope.data.version}`);
    }
    const payload = this.contract.payload.safeParse(envelope.data.payload);
    if (!payload.success) throw new MalformedMessage(`payload breaks ${this.contract.subject}: ${payload.error.message}`);
    return { ...envelope.data, payload: payload.data as z.output<C['payload']> };
  }

  /**
   * The handler commits itself. It sees every delivery: one that ends without committing writes
   * nothing (a redelivery runs it again), so it skips work already done by its own state or by
   * `alreadyApplied()`, while `commit` still applies the message at most once.
   */
  private async handOver(envelope: Envelope<z.output<C['payload']>>, deliveryCount: number): Promise<void> {
    const em = this.deps.orm.em.fork();
    let committed = false;
    const context: DeferredHandlerContext = {
      envelope,
      em,
      deliveryCount,
      // Raw: on every delivery of a model-calling handler, so it skips the query builder.
      alreadyApplied: async () => (await em.execute(`select 1 from ${this.inboxTable(em)} where "consumer" = ? and "message_id" = ? limit 1`, [this.durable, envelope.id])).length > 0,
      commit: async <T>(work: (tx: HandlerContext) => Promise<T>) => {
        if (committed) throw new Error(`${this.durable}: a handler commits its message once`);
        committed = true;
        let value: T | undefined;
        const emitted = await this.apply(envelope, deliveryCount, async (_payload, tx) => void (value = await work(tx)));
        await this.deps.relay.publishAfterCommit(emitted);
        return emitted.applied ? { applied: true as const, value: value as T } : { applied: false as const };
      },
    };
    await (this.handler as DeferredMessageHandler<C>)(envelope.payload, context);
  }

  /**
   * Applies an event in a transaction shared with other users' events that arrive meanwhile
   * (see `batchSize`); a command, or a consumer with batching off, in a transaction of its own.
   */
  private applyBatched(envelope: Envelope<z.output<C['payload']>>, deliveryCount: number): Promise<Emitted> {
    // A command runs in a savepoint of its own, and an erasure locks its user exclusively: never shared.
    if (this.contract.kind === 'command' || this.contract.type === UserDeleted.type || this.batchSize <= 1) return this.apply(envelope, deliveryCount, this.handler as MessageHandler<C>);
    return new Promise<Emitted>((resolve, reject) => {
      this.waiting.push({ envelope, deliveryCount, trace: traceContext.active(), settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.emitted)) });
      this.openBatch();
    });
  }

  private get batchSize(): number {
    return this.settings.batchSize ?? DEFAULT_CONSUMER_SETTINGS.batchSize ?? 1;
  }

  private openBatch(): void {
    while (this.openBatches < OPEN_BATCHES && this.waiting.length) {
      const batch = this.waiting.splice(0, this.batchSize);
      this.openBatches++;
      void this.applyMany(batch).finally(() => {
        this.openBatches--;
        this.openBatch();
      });
    }
  }

  /** One transaction for several events (one per user: the scheduler runs a user's messages one at a time). */
  private async applyMany(batch: Array<Waiting<z.output<C['payload']>>>): Promise<void> {
    if (batch.length > 1) {
      const emitted = batch.map(() => Object.assign([] as OutboxMessage[], { applied: false }));
      try {
        await this.deps.orm.em.fork().transactional(async (em) => {
          // Each user's lock, as `apply` takes it, then the claim (which checks the tombstones).
          const users = [...new Set(batch.map(({ envelope }) => userOf(envelope)).filter((userId): userId is string => userId !== null))];
          const fresh = await this.claim(
            em,
            batch.map(({ envelope }) => envelope),
            lockUsersSql(users, 'write'),
          );
          for (const [index, { envelope, deliveryCount, trace }] of batch.entries()) {
            // Applied before (a redelivery), or a copy of a message earlier in this batch.
            if (!fresh.delete(envelope.id)) continue;
            emitted[index]!.applied = true;
            const own = em.fork({ keepTransactionContext: true, clear: true });
            await traceContext.with(trace, async () => {
              await (this.handler as MessageHandler<C>)(envelope.payload, this.contextIn(own, envelope, deliveryCount, emitted[index]!));
              await own.flush();
            });
          }
        });
        batch.forEach(({ settle }, index) => settle({ emitted: emitted[index]! }));
        return;
      } catch {
        // Someone's handler failed (or the commit did): nothing was applied; each alone now.
      }
    }
    await Promise.all(
      batch.map(({ envelope, deliveryCount, trace, settle }) =>
        traceContext
          .with(trace, () => this.apply(envelope, deliveryCount, this.handler as MessageHandler<C>))
          .then(
            (emitted) => settle({ emitted }),
            (error: unknown) => settle({ error }),
          ),
      ),
    );
  }

  /**
   * Inserts the inbox rows in one statement; returns the ids to apply now: not applied before,
   * and not about a user this service erased (their tombstone drops every later message but the
   * erasure itself, which is idempotent). The users' `lock` statement, when given, runs first in
   * the same message: a statement of its own, so the claim sees every tombstone committed while
   * the lock waited, at no extra round trip.
   */
  private async claim(em: EntityManager, envelopes: ReadonlyArray<Envelope>, lock: { sql: string; params: string[] } | null = null): Promise<Set<string>> {
    const erasure = this.contract.type === UserDeleted.type;
    const schema = em.getMetadata(InboxMessage).schema ?? em.config.get('schema');
    // Several statements in one message answer with the last one's rows (DeferredBeginClient).
    const rows = await em.execute<Array<{ message_id: string }>>(
      `${lock ? `${lock.sql};\n` : ''}insert into ${this.inboxTable(em)} ("consumer", "message_id", "processed_at")
       select ?, m.id, now() from unnest(?::uuid[], ?::uuid[]) as m(id, user_id)
       where ? or m.user_id is null or not exists (select 1 from "${schema}"."erased_users" e where e.user_id = m.user_id)
       on conflict do nothing returning "message_id"`,
      // Postgres array literals: MikroORM would spread a JS array; ids are uuids (the envelope schema checks them).
      [...(lock?.params ?? []), this.durable, `{${envelopes.map(({ id }) => id).join(',')}}`, `{${envelopes.map((envelope) => userOf(envelope) ?? 'NULL').join(',')}}`, erasure],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  private inboxTable(em: EntityManager): string {
    return `"${em.getMetadata(InboxMessage).schema ?? em.config.get('schema')}"."inbox"`;
  }

  private contextIn(em: EntityManager, envelope: Envelope<z.output<C['payload']>>, deliveryCount: number, emitted: OutboxMessage[]): HandlerContext {
    return {
      envelope,
      em,
      deliveryCount,
      emit: (contract, payload, meta) => {
        const row = recordMessage(em, contract, payload, { ...causedBy(envelope), ...meta });
        emitted.push(row);
        return row.id;
      },
      stage: (contract, payload, meta) => outboxRow(contract, payload, { ...causedBy(envelope), ...meta }),
      publishAfterCommit: (rows) => void emitted.push(...rows),
    };
  }

  /** Runs `handler` once per message id, in the message's transaction; returns the outbox rows it emitted. */
  private async apply(envelope: Envelope<z.output<C['payload']>>, deliveryCount: number, handler: MessageHandler<C>): Promise<Emitted> {
    const emitted = Object.assign([] as OutboxMessage[], { applied: false });
    await this.deps.orm.em.fork().transactional(async (em) => {
      const userId = userOf(envelope);
      const lock = userId ? lockUsersSql([userId], this.contract.type === UserDeleted.type ? 'erase' : 'write') : null;
      // Applied before (a redelivery or a duplicate), or about a user erased here: nothing to do.
      if ((await this.claim(em, [envelope], lock)).size === 0) return;
      emitted.applied = true;
      const contextIn = (handlerEm: EntityManager): HandlerContext => this.contextIn(handlerEm, envelope, deliveryCount, emitted);
      if (this.contract.type === UserDeleted.type) {
        await recordErasure(em, (envelope.payload as { userId: string }).userId);
        return handler(envelope.payload, contextIn(em));
      }
      if (this.contract.kind !== 'command') return handler(envelope.payload, contextIn(em));
      try {
        // A savepoint: a command its owner's rules refuse leaves nothing of its work behind.
        await em.transactional((savepoint) => handler(envelope.payload, contextIn(savepoint)));
      } catch (error) {
        const userId = envelope.userId ?? (envelope.payload as { userId?: string }).userId;
        if (!(error instanceof DomainError) || !userId) throw error;
        emitted.length = 0;
        em.clear();
        // A refusal is the command's answer, not a failure to retry.
        contextIn(em).emit(CommandRejected, { userId, command: this.contract.type, reason: error.message }, { userId });
      }
    });
    return emitted;
  }

  private async ack(msg: JsMsg): Promise<void> {
    if (this.settings.confirmAcks) await msg.ackAck();
    else msg.ack();
  }

  private async deadLetter(msg: JsMsg, error: Error): Promise<void> {
    const { js, names, service, logger } = this.deps;
    const subject = names.contractSubject(msg.subject);
    const headers = natsHeaders();
    for (const [key, values] of msg.headers ?? []) for (const value of values) headers.append(key, value);
    headers.set(HEADER.error, `${error.name}: ${error.message}`.slice(0, 1_000).replace(/[\r\n]+/g, ' '));
    headers.set(HEADER.originalSubject, subject);
    headers.set(HEADER.deliveries, String(msg.info.deliveryCount));
    const originalId = msg.headers?.get(HEADER.messageId) || `${msg.info.stream}-${msg.seq}`;
    await js.publish(names.deadLetter(service, subject, userIdOf(msg)), msg.data, { headers, msgID: `${originalId}:dlq:${this.durable}` });
    logger.error(`${this.durable}: message ${originalId} moved to the dead-letter subject after ${msg.info.deliveryCount} deliveries: ${error.message}`);
    msg.term(error.message.slice(0, 200));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whom a failed message is about: its envelope's user, else its header's, else nobody (a message that is not JSON). */
function userIdOf(msg: JsMsg): string | undefined {
  let fromBody: unknown;
  try {
    fromBody = (JSON.parse(new TextDecoder().decode(msg.data)) as { userId?: unknown } | null)?.userId;
  } catch {
    fromBody = undefined;
  }
  const candidate = typeof fromBody === 'string' ? fromBody : msg.headers?.get(HEADER.userId);
  return candidate && UUID.test(candidate) ? candidate.toLowerCase() : undefined;
}

/** The user a message is about: its envelope's, else its payload's (a uuid, or none). */
function userOf(envelope: Envelope): string | null {
  const userId = envelope.userId ?? (envelope.payload as { userId?: unknown } | null)?.userId;
  return typeof userId === 'string' && UUID.test(userId) ? userId : null;
}
