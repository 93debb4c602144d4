import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { PayloadOf, StrengthsSummary, TeamProfileSaved } from '@tandem/contracts';

import type { ReadPart } from './read-part';

/** What the coach's context takes from the user's team profile (or, for the name, their account). */
export interface UserProfileSnapshot {
  name: string | null;
  strengths: StrengthsSummary | null;
}

/**
 * chat's copy of the user's name and AST strengths, from team-connections' team.profile.saved
 * (raw SQL: one small upsert per save). An older announcement never overwrites a newer one.
 */
@Injectable()
export class ProfileReadModelRepository {
  async upsert(em: EntityManager, { userId, displayName, strengths, updatedAt }: PayloadOf<typeof TeamProfileSaved>): Promise<void> {
    await em.execute(
      `insert into "chat"."user_profiles" ("user_id", "display_name", "strengths", "updated_at") values (?, ?, ?::jsonb, ?)
       on conflict ("user_id") do update set "display_name" = excluded."display_name", "strengths" = excluded."strengths", "updated_at" = excluded."updated_at"
       where "user_profiles"."updated_at" <= excluded."updated_at"`,
      [userId, displayName, strengths ? JSON.stringify(strengths) : null, updatedAt],
      'run',
    );
  }

  /**
   * The first name on the user's account, as the gateway sent it with a message. A team profile's
   * display name, when there is one, still comes first: the row's updated_at stays the team's.
   */
  async rememberAccountName(em: EntityManager, userId: string, name: string): Promise<void> {
    await em.execute(
      `insert into "chat"."user_profiles" ("user_id", "account_name", "updated_at") values (?, ?, '-infinity')
       on conflict ("user_id") do update set "account_name" = excluded."account_name" where "user_profiles"."account_name" is distinct from excluded."account_name"`,
      [userId, name],
      'run',
    );
  }

  /** The user's name and strengths, as a part of a turn's read (readParts). */
  profile(userId: string): ReadPart<UserProfileSnapshot> {
    return {
      columns: `(select json_build_object('name', coalesce("display_name", "account_name"), 'strengths', "strengths") from "chat"."user_profiles" where "user_id" = ?) as "profile"`,
      params: [userId],
      read: (row) => {
        const profile = row.profile as { name: string | null; strengths: StrengthsSummary | null } | null;
        return { name: profile?.name ?? null, strengths: profile?.strengths ?? null };
      },
    };
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    return (await em.execute<{ affectedRows: number }>(`delete from "chat"."user_profiles" where "user_id" = ?`, [userId], 'run')).affectedRows;
  }
}
