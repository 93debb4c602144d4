import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'username' | 'firstName' | 'lastName' | 'isAdmin' | 'createdAt' | 'updatedAt' | 'lastLogin' | 'lastSeenAt' | 'deletionRequestedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Stored lower-cased; unique and format-checked by the database too. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', nullable: true })
  username: string | null = null;

  @Property({ type: 'text', nullable: true })
  firstName: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastName: string | null = null;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Property({ type: 'boolean' })
  isAdmin = false;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  lastLogin: Date | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  lastSeenAt: Date | null = null;

  /** Set by DELETE /v1/me; the row goes once every service has confirmed erasure. */
  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  deletionRequestedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}

@Entity({ tableName: 'sessions' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  /** SHA-256 of the bearer token: the token itself is never stored. */
  @Property({ type: 'text' })
  tokenHash!: string;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date' })
  expiresAt!: Date;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  revokedAt: Date | null = null;
}

export interface ErasureConfirmation {
  confirmedAt: string;
  erasedRows: number;
}

@Entity({ tableName: 'erasure_requests' })
export class ErasureRequest {
  [OptionalProps]?: 'completedAt' | 'confirmations';

  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  requestedAt!: Date;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  completedAt: Date | null = null;

  @Property({ type: 'json' })
  confirmations: Record<string, ErasureConfirmation> = {};

  /** What the person keeps: it reads this record (no personal data) after the account is gone. */
  @Property({ type: 'uuid', unique: true })
  receiptId!: string;
}

@Entity({ tableName: 'user_events' })
export class UserEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'json' })
  payload!: unknown;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  occurredAt!: Date;
}

export const ACCOUNT_ENTITIES = [User, Session, ErasureRequest, UserEvent];
