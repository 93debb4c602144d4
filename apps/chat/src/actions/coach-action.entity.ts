import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { CoachActionType, CoachActionView } from '@tandem/contracts';

import { ChatMessage } from '../messages/chat-message.entity';

export type ActionStatus = CoachActionView['status'];
export type ActionResult = Record<string, unknown>;

/** A command kept back until the action before it in the same reply succeeded. */
export interface HeldCommand {
  subject: string;
  payload: Record<string, unknown>;
}

/**
 * Something a coach message asked for (table chat.actions). PENDING ones were sent as a command
 * to their owner (commandMessageId) or wait their turn (heldCommand): a reply's actions run in
 * order, each sent once the one before it succeeded, because they often depend on each other
 * across services (accept an identity, then move to refinement, which needs it accepted).
 * The owner's answer settles them. REFUSED ones never left.
 */
@Entity({ tableName: 'actions' })
export class CoachAction {
  [OptionalProps]?: 'status' | 'result' | 'commandMessageId' | 'heldCommand' | 'position' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => ChatMessage, { fieldName: 'coach_message_id', deleteRule: 'cascade' })
  coachMessage!: ChatMessage;

  @Property({ type: 'text' })
  type!: CoachActionType;

  @Property({ type: 'json' })
  parameters!: Record<string, unknown>;

  @Property({ type: 'text' })
  status: ActionStatus = 'PENDING';

  @Property({ type: 'json', nullable: true })
  result: ActionResult | null = null;

  /** The outbox id of the command sent: the causationId of the owner's answer. */
  @Property({ type: 'uuid', nullable: true, unique: true })
  commandMessageId: string | null = null;

  /** Order within the coach message. */
  @Property({ type: 'integer' })
  position = 0;

  @Property({ type: 'json', nullable: true })
  heldCommand: HeldCommand | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}

export function toActionView(action: Pick<CoachAction, 'id' | 'type' | 'parameters' | 'status' | 'result'>): CoachActionView {
  return { id: action.id, type: action.type, parameters: action.parameters, status: action.status, result: action.result };
}
