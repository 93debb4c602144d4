import { EntityManager, LockMode, type QueryResult } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { ReasonType, RequestStatus, SuggestionStatus } from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

import type { Reason } from '../matching/matching';
import { ConnectionSuggestion } from './connection-suggestion.entity';
import { OPEN_STATUSES } from './suggestion-lifecycle';

export type NewSuggestion = Pick<
  ConnectionSuggestion,
  'id' | 'requestorId' | 'suggestedCollaboratorId' | 'reasonType' | 'reasonExplanation' | 'reasonDetails' | 'context' | 'score' | 'testScenarioId' | 'organisationId' | 'pairFeatures'
>;

/** A suggestion with the suggested colleague's card, as the views are made from. */
export interface SuggestionRow {
  id: string;
  requestor_id: string;
  suggested_collaborator_id: string;
  reason_type: ReasonType;
  reason_explanation: string;
  context: string | null;
  score: number;
  status: SuggestionStatus;
  response_at: Date | string | null;
  request_status: RequestStatus | null;
  created_at: Date | string;
  updated_at: Date | string;
  collaborator_name: string | null;
  collaborator_role: string | null;
  collaborator_department: string | null;
}

/** A connected suggestion with the requestor's card, for the colleague's incoming list. */
export interface IncomingRow {
  id: string;
  requestor_id: string;
  reason_type: ReasonType;
  reason_details: Reason[];
  response_at: Date | string;
  request_status: RequestStatus;
  request_answered_at: Date | string | null;
  requestor_name: string | null;
  requestor_role: string | null;
  requestor_department: string | null;
}

/** Lists answer the newest this many: enough for a person, bounded for the database. */
const LIST_LIMIT = 100;

const OPEN = `(${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

// Cards are joined at read time, so a colleague's new role or name shows on old suggestions too.
/** Where a page of suggestions starts: the last one's creation time (to the microsecond), score and id. */
export const suggestionCursor = z.object({ at: z.iso.datetime({ offset: true }), score: z.number(), id: z.uuid() });
export type SuggestionCursor = z.infer<typeof suggestionCursor>;

/** A timestamp as ISO 8601 to the microsecond (a JS Date keeps milliseconds): a cursor's exact position. */
const exactInstant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const VIEW_SELECT = `select s."id", s."requestor_id", s."suggested_collaborator_id", s."reason_type", s."reason_explanation", s."context", s."score",
    s."status", s."response_at", s."request_status", s."created_at", s."updated_at",
    c."display_name" as "collaborator_name", c."role" as "collaborator_role", c."department" as "collaborator_department"
  from "team"."connection_suggestions" s left join "team"."user_profiles_extended" c on c."user_id" = s."suggested_collaborator_id"`;

/** The only code that touches the ORM for suggestions; writes take the caller's transaction. */
@Injectable()
export class SuggestionRepository {
  constructor(private readonly em: EntityManager) {}

  async insert(em: EntityManager, suggestions: readonly NewSuggestion[]): Promise<void> {
    const now = new Date();
    for (const suggestion of suggestions) em.create(ConnectionSuggestion, { ...suggestion, status: 'suggested', createdAt: now, updatedAt: now });
    await em.flush();
  }

  /** The requestor's suggestion, locked for the rest of the transaction; null when absent or someone else's. */
  findOwnedForUpdate(em: EntityManager, requestorId: string, id: string): Promise<ConnectionSuggestion | null> {
    return em.findOne(ConnectionSuggestion, { id, requestorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** A request to this colleague (a connected suggestion), locked; null when absent or not to them. */
  findRequestForUpdate(em: EntityManager, collaboratorId: string, id: string): Promise<ConnectionSuggestion | null> {
    return em.findOne(ConnectionSuggestion, { id, suggestedCollaboratorId: collaboratorId, status: 'connected' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async update(em: EntityManager, suggestion: ConnectionSuggestion, changes: Partial<Pick<ConnectionSuggestion, 'status' | 'responseAt' | 'requestStatus' | 'requestAnsweredAt'>>): Promise<void> {
    em.assign(suggestion, changes);
    await em.flush();
  }

  /** Best first, as matching ranked them. */
  viewsByIds(em: EntityManager, ids: readonly string[]): Promise<SuggestionRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.execute<SuggestionRow[]>(`${VIEW_SELECT} where s."id" in (${ids.map(() => '?').join(', ')}) order by s."score" desc, s."id"`, [...ids]);
  }

  /**
   * Newest first, best score first among those made together, then by id; `limit` rows after
   * `after`. Each row carries its creation time to the microsecond (`key`) for the next cursor.
   */
  list(requestorId: string, status: SuggestionStatus | undefined, { after, limit = LIST_LIMIT }: { after?: SuggestionCursor; limit?: number } = {}): Promise<Array<SuggestionRow & { key: string }>> {
    const where = ['s."requestor_id" = ?'];
    const params: unknown[] = [requestorId];
    if (status) (where.push('s."status" = ?'), params.push(status));
    if (after) (where.push('(s."created_at", s."score", s."id") < (?::timestamptz, ?::real, ?::uuid)'), params.push(after.at, after.score, after.id));
    return this.em
      .fork()
      .execute(
        `${VIEW_SELECT.replace('select ', `select ${exactInstant('s."created_at"')} as "key", `)} where ${where.join(' and ')} order by s."created_at" desc, s."score" desc, s."id" desc limit ?`,
        [...params, limit],
      );
  }

  /** Requests to the colleague (one, when `suggestionId` is given), newest first; none from someone they blocked. */
  incoming(
    collaboratorId: string,
    { em = this.em.fork(), suggestionId, after, limit = LIST_LIMIT }: { em?: EntityManager; suggestionId?: string; after?: KeysetCursor; limit?: number } = {},
  ): Promise<Array<IncomingRow & { key: string }>> {
    const where = [`s."suggested_collaborator_id" = ?`, `s."status" = 'connected'`];
    const params: unknown[] = [collaboratorId];
    if (suggestionId) (where.push('s."id" = ?'), params.push(suggestionId));
    if (after) (where.push('(s."response_at", s."id") < (?::timestamptz, ?::uuid)'), params.push(after.at, after.id));
    return em.execute(
      `select s."id", s."requestor_id", s."reason_type", s."reason_details", s."response_at", s."request_status", s."request_answered_at",
          r."display_name" as "requestor_name", r."role" as "requestor_role", r."department" as "requestor_department", ${exactInstant('s."response_at"')} as "key"
        from "team"."connection_suggestions" s left join "team"."user_profiles_extended" r on r."user_id" = s."requestor_id"
        where ${where.join(' and ')}
          and not exists (select 1 from "team"."blocks" b where b."blocker_id" = s."suggested_collaborator_id" and b."blocked_id" = s."requestor_id")
        order by s."response_at" desc, s."id" desc limit ?`,
      [...params, limit],
    );
  }

  /**
   * Expires up to `limit` open suggestions older than the TTL in one statement. Rows another
   * replica (or a person answering) holds are skipped, so each expires once; returns their ids.
   */
  async expireDue(em: EntityManager, ttlHours: number, limit: number): Promise<string[]> {
    const rows = await em.execute<Array<{ id: string }>>(
      `update "team"."connection_suggestions" set "status" = 'expired', "updated_at" = greatest(now(), "created_at")
       where "id" in (select "id" from "team"."connection_suggestions" where "status" in ${OPEN} and "created_at" < now() - ? * interval '1 hour'
                      order by "created_at" limit ? for update skip locked)
       returning "id"`,
      [ttlHours, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes answered and expired suggestions older than the retention period (document 003: one year). */
  async purgeClosedBefore(retentionDays: number): Promise<number> {
    const sql = `delete from "team"."connection_suggestions" where "status" not in ${OPEN} and "updated_at" < now() - ? * interval '1 day'`;
    return (await this.em.fork().execute<QueryResult>(sql, [retentionDays], 'run')).affectedRows;
  }

  /**
   * Deletes every suggestion the user made or was suggested in, and the already-published outbox
   * rows that mention them (names, contexts); returns how many suggestions there were.
   */
  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    const deleted = await em.nativeDelete(ConnectionSuggestion, { $or: [{ requestorId: userId }, { suggestedCollaboratorId: userId }] });
    await em.execute(`delete from "team"."outbox" where "published_at" is not null and strpos("envelope"::text, ?) > 0`, [userId], 'run');
    return deleted;
  }
}
