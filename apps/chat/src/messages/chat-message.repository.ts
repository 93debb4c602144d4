import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Conversation, ContextUsed } from '../conversations/conversation.entity';
import { outboxInsert, type KeysetCursor, type OutboxMessage } from '@tandem/messaging';
import { actionsInsert, type NewAction } from '../actions/coach-action.repository';
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

/** A user's message as a post writes it (raw). */
export type NewPost = Pick<ChatMessage, 'id' | 'userId' | 'content' | 'testScenarioId' | 'createdAt' | 'idempotencyKey'> & { conversationId: string };

/** A conversation a post opens. */
export type OpenedConversation = Pick<Conversation, 'id' | 'userId' | 'phase' | 'testScenarioId'>;

/** What a post reads under its conversation's lock. */
export interface PostScope {
  /** The message stored first with the request's Idempotency-Key. */
  replay: { id: string; conversationId: string } | null;
  /** The conversation named (the user's), or the user's open one, locked. */
  conversation: Pick<Conversation, 'id' | 'endedAt' | 'testScenarioId'> | null;
  /** The user's messages still waiting for the coach. */
  waiting: number;
}

/** A coach's reply as its turn writes it (raw). */
export type NewReply = Pick<ChatMessage, 'id' | 'userId' | 'content' | 'testScenarioId' | 'createdAt'> & { conversationId: string; inReplyTo: string };

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

  /**
   * A post's reads, in one message of two statements: the conversation's lock (named and the
   * user's, or the user's open one: a conversation being ended meanwhile is waited for, and then no
   * longer matches), then, seeing what committed while it waited, the conversation, the message
   * of the same Idempotency-Key, and the user's messages waiting for the coach, stored since
   * `waitingSince` (chat_messages_waiting_idx): counted under the lock, so a user's posts at once
   * are counted one after another. Raw: every post reads them.
   */
  async forPost(
    em: EntityManager,
    { userId, conversationId, idempotencyKey, waitingSince }: { userId: string; conversationId?: string; idempotencyKey?: string; waitingSince: Date },
  ): Promise<PostScope> {
    const match = conversationId ? `"id" = ? and "user_id" = ?` : `"user_id" = ? and "ended_at" is null`;
    const matchParams = conversationId ? [conversationId, userId] : [userId];
    const [row] = await em.execute<Array<{ id: string | null; endedAt: string | null; testScenarioId: string | null; replayId: string | null; replayConversationId: string; waiting: number }>>(
      `select 1 from "chat"."conversations" where ${match} for update;
       select c."id", c."ended_at" as "endedAt", c."test_scenario_id" as "testScenarioId", r."id" as "replayId", r."conversation_id" as "replayConversationId",
         (select count(*)::int from "chat"."chat_messages" where "user_id" = ? and "role" = 'USER' and "turn_ended_at" is null and "created_at" > ?) as "waiting"
       from (select) as "one"
         left join (select "id", "ended_at", "test_scenario_id" from "chat"."conversations" where ${match} for update) as c on true
         left join (select "id", "conversation_id" from "chat"."chat_messages" where "user_id" = ? and "idempotency_key" = ?) as r on true`,
      [...matchParams, userId, waitingSince, ...matchParams, userId, idempotencyKey ?? null],
    );
    return {
      replay: row?.replayId ? { id: row.replayId, conversationId: row.replayConversationId } : null,
      conversation: row?.id ? { id: row.id, endedAt: row.endedAt ? new Date(row.endedAt) : null, testScenarioId: row.testScenarioId } : null,
      waiting: row?.waiting ?? 0,
    };
  }

  /**
   * A post's one write: the user's message, its conversation opened (`opened`) or touched, and
   * the outbox rows. Two posts opening a conversation at once, or storing one Idempotency-Key:
   * a partial unique index refuses the second (UniqueConstraintViolationException).
   */
  async post(em: EntityManager, message: NewPost, opened: OpenedConversation | null, outbox: readonly OutboxMessage[]): Promise<void> {
    const at = message.createdAt;
    const conversation = opened
      ? {
          sql: `insert into "chat"."conversations" ("id", "user_id", "session_type", "phase", "started_at", "last_message_at", "created_at", "updated_at", "test_scenario_id") values (?, ?, 'GENERAL', ?, ?, ?, ?, ?, ?)`,
          params: [opened.id, opened.userId, opened.phase, at, at, at, at, opened.testScenarioId],
        }
      : { sql: `update "chat"."conversations" set "last_message_at" = ?, "updated_at" = ? where "id" = ?`, params: [at, at, message.conversationId] };
    const rows = outboxInsert(em, outbox);
    await em.execute(
      `with "conversation" as (${conversation.sql}),
         "message" as (insert into "chat"."chat_messages" ("id", "user_id", "conversation_id", "role", "content", "created_at", "test_scenario_id", "idempotency_key") values (?, ?, ?, 'USER', ?, ?, ?, ?))
         ${rows ? `, "outbox" as (${rows.sql})` : ''}
       select 1`,
      [...conversation.params, message.id, message.userId, message.conversationId, message.content, at, message.testScenarioId, message.idempotencyKey, ...(rows?.params ?? [])],
    );
  }

  /**
   * The turn's one write, in one statement: the conversation records the answer, the user
   * message's turn ends, and the reply, its actions and the outbox rows are inserted, only while
   * the conversation is there. False, and nothing written, when it is gone (the user was erased
   * while the model spoke). A second reply to one message breaks chat_messages_one_reply_idx.
   */
  async reply(em: EntityManager, reply: NewReply, contextUsed: ContextUsed, actions: readonly NewAction[], outbox: readonly OutboxMessage[]): Promise<boolean> {
    const at = reply.createdAt;
    const when = `exists (select from "touched")`;
    const writes = { actions: actionsInsert(actions, when), outbox: outboxInsert(em, outbox, when) };
    const [row] = await em.execute<Array<{ touched: number }>>(
      `with "touched" as (update "chat"."conversations" set "last_message_at" = ?, "context_used" = ?::jsonb, "updated_at" = ? where "id" = ? returning 1),
         "ended" as (update "chat"."chat_messages" set "turn_ended_at" = ? where "id" = ? and "turn_ended_at" is null and ${when}),
         "reply" as (insert into "chat"."chat_messages" ("id", "user_id", "conversation_id", "role", "content", "in_reply_to", "created_at", "test_scenario_id")
           select ?::uuid, ?::uuid, ?::uuid, 'COACH', ?::text, ?::uuid, ?::timestamptz, ?::uuid where ${when})
         ${Object.entries(writes)
           .map(([name, write]) => (write ? `, "${name}" as (${write.sql})` : ''))
           .join('')}
       select count(*)::int as "touched" from "touched"`,
      [
        at,
        JSON.stringify(contextUsed),
        at,
        reply.conversationId,
        at,
        reply.inReplyTo,
        reply.id,
        reply.userId,
        reply.conversationId,
        reply.content,
        reply.inReplyTo,
        at,
        reply.testScenarioId,
        ...(writes.actions?.params ?? []),
        ...(writes.outbox?.params ?? []),
      ],
    );
    return (row?.touched ?? 0) > 0;
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
