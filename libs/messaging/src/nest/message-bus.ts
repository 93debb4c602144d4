import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';

import type { DurableContract } from '@tandem/contracts';

import type { OutboxMessage } from '../messaging.entities';
import { lockUserAndCheckErased } from '../erasure';
import { DomainError } from '../errors';
import { outboxRow, recordMessage, type MessageMeta } from '../outbox';
import { OutboxRelay } from '../outbox-relay';

export interface Transaction {
  em: EntityManager;
  /**
   * Records a message to publish if, and only if, this transaction commits; returns its id (its
   * `Nats-Msg-Id`, and the causationId of whatever it causes).
   */
  emit<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): string;
  /**
   * The outbox row `emit` would record, with the same meta, written by nobody yet: the caller
   * writes it in its own statement (`outboxInsert`), then hands it to `publishAfterCommit`.
   */
  stage<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): OutboxMessage;
  /** Staged rows the caller wrote in this transaction: published after the commit, as emitted ones. */
  publishAfterCommit(rows: readonly OutboxMessage[]): void;
}

/** The code of the refusal a write for an erased user gets. */
export const USER_ERASED = 'USER_ERASED';

/** The one way a service changes its data and announces it: "in this transaction, also emit X". */
@Injectable()
export class MessageBus {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  async transaction<T>(work: (tx: Transaction) => Promise<T>, meta: MessageMeta = {}): Promise<T> {
    const emitted: OutboxMessage[] = [];
    const result = await this.orm.em.fork().transactional(async (em) => {
      // A user's write and their erasure never interleave; after the erasure, nothing is written for them.
      if (meta.userId && (await lockUserAndCheckErased(em, meta.userId))) throw new DomainError(USER_ERASED, 'No such user', 404);
      return work({
        em,
        emit: (contract, payload, own) => {
          const row = recordMessage(em, contract, payload, { ...meta, ...own });
          emitted.push(row);
          return row.id;
        },
        stage: (contract, payload, own) => outboxRow(contract, payload, { ...meta, ...own }),
        publishAfterCommit: (rows) => void emitted.push(...rows),
      });
    });
    // Straight after the commit: this process's commits reach the stream in commit order.
    await this.relay.publishAfterCommit(emitted);
    return result;
  }
}
