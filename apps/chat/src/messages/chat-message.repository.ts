import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Conversation } from '../conversations/conversation.entity';
import type { KeysetCursor } from '@tandem/messaging';
import { ChatMessage, type ChatRole } from './chat-message.entity';

/** The document `q` searches; chat_messages_content_gin_idx indexes this exact expression. */
export const SEARCH_DOCUMENT = `to_tsvector('english', "content")`;

export interface NewMessage {
  id: string;
  userId: string;
  conversation: Conversation;
  role: ChatRole;
  content: string;
  inReplyTo: string | null;
  testScenarioId: string | null;
  createdAt: Date;
  idempotencyKey?: string | null;
}

/** A user message as its turn reads it. */
export type TurnMessage = Pick<ChatMessage, 'id' | 'userId' | 'role' | 'content' | 'createdAt' | 'testScenarioId' | 'turnEndedAt'> & { conversationId: string };

/** A message as a turn's context reads it. */
export type HistoryMessage = Pick<ChatMessage, 'id' | 'role' | 'content'>;

export interface MessageFilter {
  userId: string;
  conversationId?: string;
}

/**
 * The only code that touches chat messages. Writes take the caller's transaction; reads either
 * the caller's (inside a turn) or a fresh context of their own (queries).
 */
@Injectable()
export class ChatMessageRepository {
  constructor(private readonly em: EntityManager) {}

  /** Persisted with the caller's next flush. */
  add(em: EntityManager, data: NewMessage): ChatMessage {
    return em.create(ChatMessage, data);
  }

  /** The message a turn answers, as a plain row (one raw statement on every turn: no entity to hydrate and track). */
  async forTurn(em: EntityManager, id: string): Promise<TurnMessage | null> {
    const [row] = await em.execute<TurnMessage[]>(
      `select "id", "user_id" as "userId", "conversation_id" as "conversationId", "role", "content", "created_at" as "createdAt",
         "test_scenario_id" as "testScenarioId", "turn_ended_at" as "turnEndedAt"
       from "chat"."chat_messages" where "id" = ?`,
      [id],
    );
    return row ? { ...row, createdAt: new Date(row.createdAt), turnEndedAt: row.turnEndedAt && new Date(row.turnEndedAt) } : null;
  }

  /** The user's messages still waiting for the coach, stored since `since` (chat_messages_waiting_idx; raw: every post counts them). */
  async waitingFor(em: EntityManager, userId: string, since: Date): Promise<number> {
    const [row] = await em.execute<Array<{ count: number }>>(
      `select count(*)::int as "count" from "chat"."chat_messages" where "user_id" = ? and "role" = 'USER' and "turn_ended_at" is null and "created_at" > ?`,
      [userId, since],
    );
    return row?.count ?? 0;
  }

  findByIdempotencyKey(em: EntityManager, userId: string, idempotencyKey: string): Promise<ChatMessage | null> {
    return em.findOne(ChatMessage, { userId, idempotencyKey });
  }

  /** The coach's turn for a user message is over (answered or failed). */
  async endTurn(em: EntityManager, userMessageId: string, at: Date): Promise<void> {
    await em.nativeUpdate(ChatMessage, { id: userMessageId, turnEndedAt: null }, { turnEndedAt: at });
  }

  /**
   * The last `limit` messages of a conversation up to and including `upTo`, oldest first. Read on
   * every turn: one raw statement, no entities to hydrate (the turn only reads who said what).
   */
  async recent(em: EntityManager, conversationId: string, upTo: Pick<ChatMessage, 'id' | 'createdAt'>, limit: number): Promise<HistoryMessage[]> {
    const rows = await em.execute<HistoryMessage[]>(
      `select "id", "role", "content" from "chat"."chat_messages"
       where "conversation_id" = ? and ("created_at" < ? or "id" = ?) order by "created_at" desc, "id" desc limit ?`,
      [conversationId, upTo.createdAt, upTo.id, limit],
    );
    return rows.reverse();
  }

  /** All of a conversation's messages, oldest first (for its summary). */
  transcript(conversationId: string): Promise<ChatMessage[]> {
    return this.em.fork().find(ChatMessage, { conversation: conversationId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Newest first, `limit + 1` rows after the cursor. */
  listAfter(filter: MessageFilter, cursor: KeysetCursor | undefined, limit: number): Promise<ChatMessage[]> {
    const after = cursor ? { $or: [{ createdAt: { $lt: new Date(cursor.at) } }, { createdAt: new Date(cursor.at), id: { $lt: cursor.id } }] } : {};
    const scope = filter.conversationId ? { conversation: filter.conversationId } : {};
    return this.em.fork().find(ChatMessage, { userId: filter.userId, ...scope, ...after }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
  }

  /** Full-text search (web-search syntax), best match first, then newest; `limit + 1` rows from `offset`. */
  async search(filter: MessageFilter, q: string, offset: number, limit: number): Promise<ChatMessage[]> {
    const em = this.em.fork();
    const where = ['"user_id" = ?', `${SEARCH_DOCUMENT} @@ websearch_to_tsquery('english', ?)`];
    const params: unknown[] = [filter.userId, q];
    if (filter.conversationId) {
      where.push('"conversation_id" = ?');
      params.push(filter.conversationId);
    }
    const order = `ts_rank(${SEARCH_DOCUMENT}, websearch_to_tsquery('english', ?)) desc, "created_at" desc, "id" desc`;
    const rows = await em.execute(`select * from "chat"."chat_messages" where ${where.join(' and ')} order by ${order} offset ? limit ?`, [...params, q, offset, limit + 1]);
    return rows.map((row) => em.map(ChatMessage, row));
  }
}
