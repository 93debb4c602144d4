import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { KeysetCursor } from '@tandem/messaging';
import type { ReadPart } from '../read-models/read-part';
import { Conversation } from './conversation.entity';

export type NewConversation = Pick<Conversation, 'id' | 'userId' | 'phase' | 'testScenarioId'> & Partial<Pick<Conversation, 'sessionType'>>;

/**
 * The only code that touches conversations, but the post's and the turn's one statements
 * (ChatMessageRepository's `forPost`, `post` and `reply`). Writes take the caller's transaction;
 * reads use a fresh context of their own.
 */
@Injectable()
export class ConversationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The user's conversation, locked for the rest of the transaction; null when absent or someone else's. */
  findOwnedForUpdate(em: EntityManager, userId: string, conversationId: string): Promise<Conversation | null> {
    return em.findOne(Conversation, { id: conversationId, userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /**
   * The user's open conversation, locked. A conversation being ended concurrently is waited for,
   * and then no longer matches: the caller opens a new one.
   */
  findOpenForUpdate(em: EntityManager, userId: string): Promise<Conversation | null> {
    return em.findOne(Conversation, { userId, endedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** The user's open conversation, if any (no lock). */
  findOpen(userId: string): Promise<Conversation | null> {
    return this.em.fork().findOne(Conversation, { userId, endedAt: null });
  }

  findOwned(userId: string, conversationId: string): Promise<Conversation | null> {
    return this.em.fork().findOne(Conversation, { id: conversationId, userId });
  }

  /** Persisted with the caller's next flush (the partial unique index allows one open per user). */
  open(em: EntityManager, data: NewConversation, at: Date): Conversation {
    return em.create(Conversation, { sessionType: 'GENERAL', ...data, startedAt: at, lastMessageAt: at, createdAt: at, updatedAt: at });
  }

  /**
   * Claims one open conversation idle since before `cutoff` until `until`, in one statement;
   * replicas skip each other's rows (FOR UPDATE SKIP LOCKED) and each other's unexpired claims,
   * so no two summarize the same conversation. Null when none is left.
   */
  async claimIdle(cutoff: Date, until: Date): Promise<string | null> {
    const [row] = await this.em.fork().execute<Array<{ id: string }>>(
      `update "chat"."conversations" set "ending_until" = ? where "id" = (
         select "id" from "chat"."conversations"
         where "ended_at" is null and "last_message_at" < ? and ("ending_until" is null or "ending_until" < now())
         order by "last_message_at" limit 1 for update skip locked)
       returning "id"`,
      [until, cutoff],
    );
    return row?.id ?? null;
  }

  /** The conversation, locked for the rest of the transaction. */
  findForUpdate(em: EntityManager, conversationId: string): Promise<Conversation | null> {
    return em.findOne(Conversation, { id: conversationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /**
   * Summaries of the user's ended conversations, newest first (the coach's context across
   * conversations), through the partial (user_id, ended_at) index, as a part of a turn's read (readParts).
   */
  summaries(userId: string, limit: number): ReadPart<string[]> {
    return {
      columns: `(select coalesce(json_agg("summary" order by "ended_at" desc), '[]') from
            (select "summary", "ended_at" from "chat"."conversations" where "user_id" = ? and "ended_at" is not null and "summary" is not null order by "ended_at" desc limit ?) as s) as "summaries"`,
      params: [userId, limit],
      read: (row) => (row.summaries ?? []) as string[],
    };
  }

  /** Newest first, `limit + 1` rows after the cursor. */
  listAfter(userId: string, cursor: KeysetCursor | undefined, limit: number): Promise<Conversation[]> {
    const after = cursor ? { $or: [{ startedAt: { $lt: new Date(cursor.at) } }, { startedAt: new Date(cursor.at), id: { $lt: cursor.id } }] } : {};
    return this.em.fork().find(Conversation, { userId, ...after }, { orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
  }

  /** Deletes the user's conversations (their messages and actions cascade); returns every row removed. */
  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    const [counts] = await em.execute<Array<{ messages: string; actions: string }>>(
      `select (select count(*) from "chat"."chat_messages" where "user_id" = ?) as messages, (select count(*) from "chat"."actions" where "user_id" = ?) as actions`,
      [userId, userId],
    );
    const conversations = await em.nativeDelete(Conversation, { userId });
    return conversations + Number(counts?.messages ?? 0) + Number(counts?.actions ?? 0);
  }
}
