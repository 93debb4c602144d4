import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CoachStateView, IdentityView } from '@tandem/contracts';

import type { KnownContext } from './coaching-state';
import { CoachContext, IdentitySnapshot } from './read-model.entities';
import type { ReadPart } from './read-part';

/**
 * The only code that touches the read models. Upserts keep the newest announcement by the
 * owner's own updatedAt: events of different subjects arrive in no particular order, and the
 * same event may be applied again (a redelivery, or a shared consumer transaction replayed).
 */
@Injectable()
export class ReadModelRepository {
  async upsertCoachContext(em: EntityManager, state: CoachStateView): Promise<void> {
    await em.execute(
      `insert into "chat"."coach_contexts" ("user_id", "phase", "current_identity_id", "proposed_identity_id", "updated_at") values (?, ?, ?, ?, ?)
       on conflict ("user_id") do update set "phase" = excluded."phase", "current_identity_id" = excluded."current_identity_id",
         "proposed_identity_id" = excluded."proposed_identity_id", "updated_at" = excluded."updated_at"
       where "coach_contexts"."updated_at" <= excluded."updated_at"`,
      [state.userId, state.currentPhase, state.currentIdentityId, state.proposedIdentityId, state.updatedAt],
      'run',
    );
  }

  async upsertIdentity(em: EntityManager, identity: IdentityView): Promise<void> {
    await em.execute(
      `insert into "chat"."identity_snapshots" ("id", "user_id", "category", "name", "state", "affirmation", "visualization", "archived", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict ("id") do update set "category" = excluded."category", "name" = excluded."name", "state" = excluded."state",
         "affirmation" = excluded."affirmation", "visualization" = excluded."visualization", "archived" = excluded."archived", "updated_at" = excluded."updated_at"
       where "identity_snapshots"."updated_at" <= excluded."updated_at" and "identity_snapshots"."user_id" = excluded."user_id"`,
      [identity.id, identity.userId, identity.category, identity.name, identity.state, identity.affirmation, identity.visualization, identity.archived, identity.updatedAt],
      'run',
    );
  }

  /**
   * The user's coach context and every identity (archived ones included, oldest change first),
   * as a part of a read (readParts): every turn reads them.
   */
  known(userId: string): ReadPart<{ context: KnownContext | null; identities: IdentitySnapshot[] }> {
    return {
      columns: `(select json_build_object('phase', "phase", 'currentIdentityId', "current_identity_id", 'proposedIdentityId', "proposed_identity_id")
            from "chat"."coach_contexts" where "user_id" = ?) as "context",
         (select coalesce(json_agg(json_build_object('id', "id", 'userId', "user_id", 'category', "category", 'name', "name", 'state', "state",
                   'affirmation', "affirmation", 'visualization', "visualization", 'archived', "archived", 'updatedAt', "updated_at") order by "updated_at", "id"), '[]')
            from "chat"."identity_snapshots" where "user_id" = ?) as "identities"`,
      params: [userId, userId],
      read: (row) => {
        const identities = (row.identities ?? []) as Array<Omit<IdentitySnapshot, 'updatedAt'> & { updatedAt: string }>;
        return { context: (row.context ?? null) as KnownContext | null, identities: identities.map((identity) => ({ ...identity, updatedAt: new Date(identity.updatedAt) })) };
      },
    };
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    return (await em.nativeDelete(CoachContext, { userId })) + (await em.nativeDelete(IdentitySnapshot, { userId }));
  }
}
