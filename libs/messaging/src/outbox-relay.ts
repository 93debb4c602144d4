import { setTimeout as sleep } from 'node:timers/promises';

import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import type { JetStreamClient } from '@nats-io/jetstream';

import type { BusNames } from './bus-names';
import { envelopeHeaders } from './headers';
import { OutboxMessage } from './messaging.entities';

export interface RelayLogger {
  warn(message: string): void;
  error(message: string): void;
}

const BATCH = 200;
/** How often the sweeper also deletes old published rows. */
const PURGE_EVERY_MS = 60_000;

/**
 * Publishes outbox rows to JetStream and marks them sent. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several replicas never publish the same row at once; a row
 * published but not marked (a crash in between) is published again later with the same
 * Nats-Msg-Id, and JetStream drops the duplicate within its duplicate window.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly orm: MikroORM,
    private readonly js: JetStreamClient,
    private readonly names: BusNames,
    private readonly logger: RelayLogger,
    /** Published rows are kept this long (for inspection), then deleted: they hold users' data. */
    private readonly retentionMs = 60 * 60_000,
  ) {}

  /** Publishes one batch of unsent rows (only `ids` when given); returns how many were sent. */
  async publishPending(ids?: readonly string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.find(
        OutboxMessage,
        { publishedAt: null, ...(ids ? { id: { $in: [...ids] } } : {}) },
        { orderBy: { createdAt: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      // Sent in order on one connection, so the stream keeps the outbox's order.
      const acks = await Promise.allSettled(
        rows.map((row) =>
          this.js.publish(this.names.subject(row.subject), JSON.stringify(row.envelope), {
            msgID: row.id,
            headers: envelopeHeaders(row.envelope, row.traceparent ?? undefined),
          }),
        ),
      );
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
    return this.orm.em.fork().nativeDelete(OutboxMessage, { publishedAt: { $lt: new Date(now.getTime() - this.retentionMs) } });
  }

  /** Publishes right after a commit; failures are left to the sweeper. */
  async publishAfterCommit(ids: readonly string[]): Promise<void> {
    try {
      await this.publishPending(ids);
    } catch (error) {
      this.logger.warn(`outbox publish after commit failed, the sweeper will retry: ${(error as Error).message}`);
    }
  }

  /** Sweeps unsent rows every `intervalMs` (and at once when `nudge()` is called). */
  start(intervalMs = 1_000): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let purgedAt = 0;
      while (this.running) {
        try {
          while (this.running && (await this.publishPending()) === BATCH);
          if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
            purgedAt = Date.now();
            await this.purgePublished();
          }
        } catch (error) {
          this.logger.error(`outbox sweep failed: ${(error as Error).message}`);
        }
        await Promise.race([sleep(intervalMs), new Promise<void>((resolve) => (this.wake = resolve))]);
      }
    })();
  }

  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
