import { setTimeout as sleep } from 'node:timers/promises';

import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';

import type { BusNames } from './bus-names';
import { envelopeHeaders } from './headers';
import { InboxMessage, OutboxMessage } from './messaging.entities';
import { currentTraceparent, inSpan, messagingMetrics, SpanKind, traceContextOf } from './telemetry';

export interface RelayLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface RelayOptions {
  /** Published rows are kept this long (for inspection), then deleted: they hold users' data. */
  retentionMs: number;
  /**
   * The sweeper leaves rows younger than this to the process that committed them, which
   * publishes them right after its commit: so the sweeper does not publish them a second time
   * meanwhile (JetStream would drop the copy, but it is wasted work). A publish after commit
   * takes milliseconds; one that fails is retried by the sweeper at once, grace or not.
   */
  sweepGraceMs: number;
  /**
   * Inbox rows (ids of applied messages) are kept this long, then deleted. They only need to
   * outlive every way a copy can still arrive: JetStream drops copies within its 2-minute
   * duplicate window; beyond it a redelivery comes within maxDeliveries x 30 s, and a re-published
   * unmarked outbox row within the sweep's grace. A day leaves a wide margin.
   */
  inboxRetentionMs: number;
}

const DEFAULT_RELAY_OPTIONS: RelayOptions = { retentionMs: 60 * 60_000, sweepGraceMs: 2_000, inboxRetentionMs: 24 * 60 * 60_000 };
/** Inbox rows deleted per statement, so one purge never holds a long lock. */
const INBOX_PURGE_BATCH = 10_000;

const BATCH = 200;
/** Ids marked sent in one statement at most. */
const MARK_BATCH = 1_000;
/** How often the sweeper also deletes old published rows and old inbox rows. */
const PURGE_EVERY_MS = 60_000;

/**
 * Publishes outbox rows to JetStream and marks them sent.
 *
 * Right after a commit, the committing process publishes the rows it recorded from memory (they
 * are committed: nothing to read back), many at once on its one connection, in the order they
 * were recorded, and marks them sent in one `update` shared with every other commit that
 * finished meanwhile. Whatever that misses (publish failed, process died) the sweeper publishes:
 * it claims unsent rows older than `sweepGraceMs` with `FOR UPDATE SKIP LOCKED`, so several
 * replicas never publish the same row at once. A row published but not marked (a crash in
 * between) is published again later with the same Nats-Msg-Id, and JetStream drops the
 * duplicate within its duplicate window (beyond it, the consumers' inboxes drop it).
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A nudge that came while the sweeper was busy: it sweeps again before sleeping. */
  private nudged = false;
  private readonly options: RelayOptions;
  /** Published after commit, waiting to be marked sent. */
  private readonly unmarked: string[] = [];
  private marking?: Promise<void>;
  /** Rows whose publish after commit failed: the sweeper retries them at once, grace or not. */
  private readonly retry = new Set<string>();
  /** Rows handed over after their commit in this turn of the event loop, published together at its end. */
  private outgoing?: { rows: OutboxMessage[]; acks: Promise<Array<PromiseSettledResult<PubAck>>> };

  constructor(
    private readonly orm: MikroORM,
    private readonly js: JetStreamClient,
    private readonly names: BusNames,
    private readonly logger: RelayLogger,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
  }

  /**
   * Claims one batch of unsent rows (only `ids` when given; otherwise those older than the
   * grace) with `FOR UPDATE SKIP LOCKED`, publishes and marks them; returns how many were sent.
   */
  async publishPending(ids?: readonly string[], { graceMs = 0 }: { graceMs?: number } = {}): Promise<number> {
    if (ids && ids.length === 0) return 0;
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.find(
        OutboxMessage,
        {
          publishedAt: null,
          ...(ids ? { id: { $in: [...ids] } } : {}),
          ...(graceMs > 0 ? { createdAt: { $lt: new Date(Date.now() - graceMs) } } : {}),
        },
        { orderBy: { createdAt: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      const acks = await this.publish(rows);
      let sent = 0;
      acks.forEach((ack, index) => {
        const row = rows[index]!;
        if (ack.status === 'fulfilled') {
          row.publishedAt = new Date();
          sent++;
        } else {
          row.attempts++;
          this.logger.warn(`outbox ${row.id} (${row.subject}) not published yet: ${(ack.reason as Error).message}`);
        }
      });
      return sent;
    });
  }

  /** Deletes rows published more than the retention ago; returns how many. */
  async purgePublished(now = new Date()): Promise<number> {
    return this.orm.em.fork().nativeDelete(OutboxMessage, { publishedAt: { $lt: new Date(now.getTime() - this.options.retentionMs) } });
  }

  /** Deletes inbox rows older than the inbox retention, a batch per statement; returns how many. */
  async purgeInbox(now = new Date()): Promise<number> {
    const em = this.orm.em.fork();
    const table = `"${em.getMetadata(InboxMessage).schema ?? this.orm.config.get('schema')}"."inbox"`;
    const before = new Date(now.getTime() - this.options.inboxRetentionMs);
    let deleted = 0;
    for (;;) {
      const [row] = await em.execute<Array<{ count: string }>>(
        `with gone as (delete from ${table} where ctid in (select ctid from ${table} where "processed_at" < ? limit ${INBOX_PURGE_BATCH}) returning 1) select count(*) from gone`,
        [before],
      );
      const count = Number(row?.count ?? 0);
      deleted += count;
      if (count < INBOX_PURGE_BATCH) return deleted;
    }
  }

  /**
   * Publishes, right after their transaction committed, the rows it recorded (or, given ids,
   * reads them back first). Resolves once JetStream has them or the sweeper was asked to retry;
   * marking them sent follows in the background (`settled()` waits for it).
   */
  async publishAfterCommit(messages: ReadonlyArray<OutboxMessage | string>): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.filter((message): message is OutboxMessage => typeof message !== 'string');
    const ids = messages.filter((message): message is string => typeof message === 'string');
    try {
      // Queued as soon as the commit resolves, with no await before: a process's commits reach the
      // stream in the order they committed, and one commit's rows in order.
      const published = rows.length ? this.publishSoon(rows) : Promise.resolve([]);
      if (ids.length) await this.publishPending(ids);
      const acks = await published;
      const failed = rows.filter((_row, index) => acks[index]!.status === 'rejected').map((row) => row.id);
      this.markSent(rows.filter((_row, index) => acks[index]!.status === 'fulfilled').map((row) => row.id));
      if (failed.length) {
        this.logger.warn(`outbox: ${failed.length} message(s) not published after commit, the sweeper will retry: ${(acks.find((ack) => ack.status === 'rejected') as PromiseRejectedResult).reason}`);
        for (const id of failed) this.retry.add(id);
        this.nudge();
      }
    } catch (error) {
      this.logger.warn(`outbox publish after commit failed, the sweeper will retry: ${(error as Error).message}`);
    }
  }

  /** Resolves once every row published after commit so far is marked sent (or its mark failed). */
  async settled(): Promise<void> {
    while (this.marking) await this.marking;
  }

  /** Sweeps unsent rows every `intervalMs` (and at once when `nudge()` is called). */
  start(intervalMs = 1_000): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let purgedAt = 0;
      while (this.running) {
        this.nudged = false;
        try {
          if (this.retry.size) {
            const ids = [...this.retry];
            this.retry.clear();
            await this.publishPending(ids);
          }
          while (this.running && (await this.publishPending(undefined, { graceMs: this.options.sweepGraceMs })) === BATCH);
          if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
            purgedAt = Date.now();
            await this.purgePublished();
            await this.purgeInbox();
          }
        } catch (error) {
          this.logger.error(`outbox sweep failed: ${(error as Error).message}`);
        }
        if (this.nudged) continue;
        await Promise.race([sleep(intervalMs, undefined, { ref: false }), new Promise<void>((resolve) => (this.wake = resolve))]);
      }
    })();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.settled();
  }

  private outboxTable(): string {
    return `"${this.orm.em.getMetadata(OutboxMessage).schema ?? this.orm.config.get('schema')}"."outbox"`;
  }

  /** Updates the outbox gauges: unpublished rows and the age of the oldest (one indexed query, at scrape time). */
  async measureBacklog(): Promise<void> {
    const [row] = await this.orm.em
      .fork()
      .execute<Array<{ backlog: string; oldest: number | null }>>(
        `select count(*) as backlog, extract(epoch from now() - min("created_at")) as oldest from ${this.outboxTable()} where "published_at" is null`,
      );
    messagingMetrics.outboxBacklog.set(Number(row?.backlog ?? 0));
    messagingMetrics.outboxOldestSeconds.set(Number(row?.oldest ?? 0));
  }

  /**
   * Publishes `rows` with those of every other commit handed over in this turn of the event loop,
   * in the order they were handed over: one socket write to NATS for all of them instead of one
   * per commit (each write wakes the server), for at most one turn's delay.
   */
  private publishSoon(rows: readonly OutboxMessage[]): Promise<Array<PromiseSettledResult<PubAck>>> {
    if (!this.outgoing) {
      const outgoing = { rows: [] as OutboxMessage[], acks: Promise.resolve([] as Array<PromiseSettledResult<PubAck>>) };
      outgoing.acks = new Promise((resolve) =>
        setImmediate(() => {
          this.outgoing = undefined;
          resolve(this.publish(outgoing.rows));
        }),
      );
      this.outgoing = outgoing;
    }
    const from = this.outgoing.rows.length;
    this.outgoing.rows.push(...rows);
    return this.outgoing.acks.then((acks) => acks.slice(from, from + rows.length));
  }

  /**
   * Sent in order on one connection, so the stream keeps the order of `rows`. Each publish is a
   * span in the trace its row was recorded in, and its `traceparent` header names that span.
   */
  private publish(rows: readonly OutboxMessage[]): Promise<Array<PromiseSettledResult<PubAck>>> {
    return Promise.allSettled(
      rows.map((row) => {
        const subject = this.names.subject(row.subject);
        if (!row.traceparent) return this.js.publish(subject, JSON.stringify(row.envelope), { msgID: row.id, headers: envelopeHeaders(row.envelope) });
        // Started synchronously inside the span: the publishes still leave in the order of `rows`.
        return inSpan(
          `${row.subject} publish`,
          SpanKind.PRODUCER,
          traceContextOf(row.traceparent),
          { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': row.id },
          () => this.js.publish(subject, JSON.stringify(row.envelope), { msgID: row.id, headers: envelopeHeaders(row.envelope, currentTraceparent() ?? row.traceparent ?? undefined) }),
        );
      }),
    );
  }

  /** Marks rows sent, one statement for every id waiting: concurrent commits share it. */
  private markSent(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.unmarked.push(...ids);
    this.marking ??= (async () => {
      try {
        while (this.unmarked.length) {
          const batch = this.unmarked.splice(0, MARK_BATCH);
          try {
            // Raw: once per batch on the hot path, so it skips the query builder. A Postgres array literal of uuids.
            await this.orm.em.fork().execute(`update ${this.outboxTable()} set "published_at" = ? where "id" = any(?::uuid[]) and "published_at" is null`, [new Date(), `{${batch.join(',')}}`]);
          } catch (error) {
            // Left unmarked: the sweeper publishes them again after the grace, and JetStream drops the copies.
            this.logger.warn(`outbox: could not mark ${batch.length} published message(s) sent: ${(error as Error).message}`);
          }
        }
      } finally {
        this.marking = undefined;
      }
    })();
  }
}
