import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { CoachingPhase, ConversationView } from '@tandem/contracts';

/** Document 003's session types (COACHING, the old name of GENERAL, is no longer stored). */
export type SessionType = 'GENERAL' | 'GROWTH_PLANNING' | 'TEAM_CONNECTION' | 'CHECK_IN';

/** What the last turn of a conversation drew on (document 003's context_used). */
export interface ContextUsed {
  phase: CoachingPhase;
  promptVersion: number;
  knowledgeIds: string[];
  messageCount: number;
  identityIds: string[];
  /** Sentinel notes the coach was given (absent when there were none). */
  noteIds?: string[];
  /** How many earlier conversations' summaries it was given (absent when none). */
  earlierConversations?: number;
}

/** A coaching session: messages between a start and an end (by the user or after inactivity). */
@Entity({ tableName: 'conversations' })
export class Conversation {
  [OptionalProps]?:
    | 'sessionType'
    | 'startedAt'
    | 'lastMessageAt'
    | 'endedAt'
    | 'summary'
    | 'contextUsed'
    | 'createdAt'
    | 'updatedAt'
    | 'testScenarioId'
    | 'endingUntil'
    | 'satisfactionRating'
    | 'satisfactionComment'
    | 'satisfactionGivenAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  sessionType: SessionType = 'GENERAL';

  /** The coaching phase when the conversation started. */
  @Property({ type: 'text' })
  phase!: CoachingPhase;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  startedAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date' })
  lastMessageAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  /** Claimed by a sweeper while the model summarizes it: other replicas skip it until then. */
  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  endingUntil: Date | null = null;

  /** The user's satisfaction with the session (document 003's user_satisfaction): 1-5, with an optional comment. */
  @Property({ type: 'smallint', nullable: true })
  satisfactionRating: number | null = null;

  @Property({ type: 'text', nullable: true })
  satisfactionComment: string | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  satisfactionGivenAt: Date | null = null;

  @Property({ type: 'json', nullable: true })
  contextUsed: ContextUsed | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}

export function toConversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    userId: conversation.userId,
    sessionType: conversation.sessionType,
    phase: conversation.phase,
    startedAt: conversation.startedAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    endedAt: conversation.endedAt?.toISOString() ?? null,
    summary: conversation.summary,
    feedback:
      conversation.satisfactionRating !== null && conversation.satisfactionGivenAt
        ? { rating: conversation.satisfactionRating, comment: conversation.satisfactionComment, givenAt: conversation.satisfactionGivenAt.toISOString() }
        : null,
  };
}
