import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { ChatMessageView } from '@tandem/contracts';

import { Conversation } from '../conversations/conversation.entity';

export type ChatRole = ChatMessageView['role'];

/** One message of a conversation: the user's, or the coach's reply to one (inReplyTo). */
@Entity({ tableName: 'chat_messages' })
export class ChatMessage {
  [OptionalProps]?: 'inReplyTo' | 'createdAt' | 'testScenarioId' | 'turnEndedAt' | 'idempotencyKey';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  // A relation (not a bare id) so one flush inserts a new conversation before its first message.
  @ManyToOne(() => Conversation, { fieldName: 'conversation_id', deleteRule: 'cascade' })
  conversation!: Conversation;

  @Property({ type: 'text' })
  role!: ChatRole;

  @Property({ type: 'text' })
  content!: string;

  @Property({ type: 'uuid', nullable: true })
  inReplyTo: string | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;

  /** A user message: when the coach's turn for it ended (answered or failed); null while it waits. */
  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  turnEndedAt: Date | null = null;

  /** A user message: the client's Idempotency-Key, unique per user. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;
}

/** A message's public view: of an entity, or of a row chat wrote raw. */
export function toMessageView(message: Pick<ChatMessage, 'id' | 'userId' | 'role' | 'content' | 'inReplyTo' | 'createdAt'> & { conversation: { id: string } }): ChatMessageView {
  return {
    id: message.id,
    conversationId: message.conversation.id,
    userId: message.userId,
    role: message.role,
    content: message.content,
    inReplyTo: message.inReplyTo,
    createdAt: message.createdAt.toISOString(),
  };
}
