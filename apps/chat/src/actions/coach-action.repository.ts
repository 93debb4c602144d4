import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { ActionStatus, CoachActionType, CoachActionView, ListedCoachActionView } from '@tandem/contracts';

import type { KeysetCursor } from '@tandem/messaging';
import { CoachAction } from './coach-action.entity';

interface ActionRow {
  id: string;
  type: CoachActionType;
  parameters: Record<string, unknown>;
  status: ActionStatus;
  result: Record<string, unknown> | null;
  coach_message_id: string;
  conversation_id: string;
  created_at: Date;
  updated_at: Date;
}

const view = (row: ActionRow): CoachActionView => ({ id: row.id, type: row.type, parameters: row.parameters, status: row.status, result: row.result });

/** An action as a turn writes it: a plain row, inserted raw with its reply (`actionsInsert`). */
export type NewAction = Pick<
  CoachAction,
  'id' | 'userId' | 'type' | 'parameters' | 'status' | 'result' | 'commandMessageId' | 'heldCommand' | 'position' | 'testScenarioId' | 'createdAt' | 'updatedAt'
> & { coachMessageId: string };

/**
 * The statement that inserts a reply's actions with every column the entity has, for the turn's
 * one statement (a data-modifying `with`); only if `when` (an SQL condition) holds. Null when
 * there is none.
 */
export function actionsInsert(actions: readonly NewAction[], when: string): { sql: string; params: unknown[] } | null {
  if (!actions.length) return null;
  const values = actions.map(() => '(?::uuid, ?::uuid, ?::uuid, ?::text, ?::jsonb, ?::text, ?::jsonb, ?::uuid, ?::integer, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::uuid)').join(', ');
  return {
    sql: `insert into "chat"."actions" ("id", "user_id", "coach_message_id", "type", "parameters", "status", "result", "command_message_id", "position", "held_command", "created_at", "updated_at", "test_scenario_id")
      select * from (values ${values}) as "action" where ${when}`,
    params: actions.flatMap((action) => [
      action.id,
      action.userId,
      action.coachMessageId,
      action.type,
      JSON.stringify(action.parameters),
      action.status,
      action.result && JSON.stringify(action.result),
      action.commandMessageId,
      action.position,
      action.heldCommand && JSON.stringify(action.heldCommand),
      action.createdAt,
      action.updatedAt,
      action.testScenarioId,
    ]),
  };
}

/** The only code that touches actions (but `actionsInsert`, the turn's); writes run in the caller's transaction, reads (raw, no entities hydrated) in their own. */
@Injectable()
export class CoachActionRepository {
  /** The actions of these coach messages, each message's in order (a message with none is absent). */
  async ofMessages(em: EntityManager, coachMessageIds: string[]): Promise<Map<string, CoachActionView[]>> {
    const byMessage = new Map<string, CoachActionView[]>();
    if (!coachMessageIds.length) return byMessage;
    const rows = await em.execute<ActionRow[]>(
      `select "id", "type", "parameters", "status", "result", "coach_message_id" from "chat"."actions" where "coach_message_id" in (${coachMessageIds.map(() => '?').join(', ')}) order by "coach_message_id", "position"`,
      coachMessageIds,
    );
    for (const row of rows) byMessage.set(row.coach_message_id, [...(byMessage.get(row.coach_message_id) ?? []), view(row)]);
    return byMessage;
  }

  /** The user's actions, newest first, `limit + 1` after the cursor; of one type (and status) when given. */
  async listAfter(em: EntityManager, filter: { userId: string; type?: CoachActionType; status?: ActionStatus }, cursor: KeysetCursor | undefined, limit: number): Promise<ListedCoachActionView[]> {
    const where = ['a."user_id" = ?'];
    const params: unknown[] = [filter.userId];
    if (filter.type) (where.push('a."type" = ?'), params.push(filter.type));
    if (filter.status) (where.push('a."status" = ?'), params.push(filter.status));
    if (cursor) (where.push('(a."created_at", a."id") < (?::timestamptz, ?::uuid)'), params.push(cursor.at, cursor.id));
    const rows = await em.execute<ActionRow[]>(
      `select a."id", a."type", a."parameters", a."status", a."result", a."coach_message_id", m."conversation_id", a."created_at", a."updated_at"
       from "chat"."actions" a join "chat"."chat_messages" m on m."id" = a."coach_message_id"
       where ${where.join(' and ')} order by a."created_at" desc, a."id" desc limit ?`,
      [...params, limit + 1],
    );
    return rows.map((row) => ({
      ...view(row),
      coachMessageId: row.coach_message_id,
      conversationId: row.conversation_id,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    }));
  }

  /** The still-pending action whose command caused a message, locked; null when none (or already settled). */
  findPendingByCommandForUpdate(em: EntityManager, commandMessageId: string): Promise<CoachAction | null> {
    return em.findOne(CoachAction, { commandMessageId, status: 'PENDING' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** The actions of a coach message still waiting to be sent, in order, locked. */
  findHeldAfter(em: EntityManager, action: CoachAction): Promise<CoachAction[]> {
    return em.find(
      CoachAction,
      { coachMessage: action.coachMessage, status: 'PENDING', commandMessageId: null, position: { $gt: action.position } },
      { orderBy: { position: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }
}
