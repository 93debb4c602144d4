import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';

import type { DurableContract } from '@tandem/contracts';

import { recordMessage, type MessageMeta } from '../outbox';
import { OutboxRelay } from '../outbox-relay';

export interface Transaction {
  em: EntityManager;
  /**
   * Records a message to publish if, and only if, this transaction commits; returns its id (its
   * `Nats-Msg-Id`, and the causationId of whatever it causes).
   */
  emit<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): string;
}

/** The one way a service changes its data and announces it: "in this transaction, also emit X". */
@Injectable()
export class MessageBus {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
  ) {}

  async transaction<T>(work: (tx: Transaction) => Promise<T>, meta: MessageMeta = {}): Promise<T> {
    const emitted: string[] = [];
    const result = await this.orm.em.fork().transactional((em) =>
      work({
        em,
        emit: (contract, payload, own) => {
          const id = recordMessage(em, contract, payload, { ...meta, ...own }).id;
          emitted.push(id);
          return id;
        },
      }),
    );
    await this.relay.publishAfterCommit(emitted);
    return result;
  }
}

