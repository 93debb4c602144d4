import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import { Session } from '../accounts/account.entities';

/**
 * A short-lived, single-use ticket that opens one event stream (`GET /v1/events?ticket=`), for
 * clients whose EventSource cannot send a bearer header. Only its SHA-256 is stored.
 */
@Entity({ tableName: 'stream_tickets' })
export class StreamTicket {
  [OptionalProps]?: 'createdAt' | 'usedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Session, { deleteRule: 'cascade' })
  session!: Session;

  @Property({ type: 'text', unique: true })
  ticketHash!: string;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date' })
  expiresAt!: Date;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  usedAt: Date | null = null;
}
