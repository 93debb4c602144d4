import { raw } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const ACTION_TYPES_BEFORE = ['propose_identity', 'update_identity', 'accept_identity', 'complete_identity_refinement', 'transition_phase'];
const ACTION_TYPES = [...ACTION_TYPES_BEFORE, 'suggest_connection'];

/**
 * The version this migration adds, per phase: a fixed id, so that down() removes exactly it.
 * Only INTEGRATION, where the coach helps with real work; IDENTITY_REFINEMENT is about the words
 * of an identity, and a colleague search there would pull the conversation away from them.
 */
const NEW_VERSIONS = [{ phase: 'INTEGRATION', id: '7d3c9e2a-4b1f-4c8e-9a6d-5e2f1b0c8a41' }];

/** The sentence added after the phase's guidance (the seeded templates end with the context block). */
const GUIDANCE = `If they want help from someone at work with a real problem or project (they ask who could help, or want to talk to a colleague who knows about it), call suggest_connection with that problem in their own words; the suggestions reach them in the app, so do not name colleagues yourself.`;
const CONTEXT_START = "\n\nThe user's identities:";

/**
 * The coach's suggest_connection action (carried out by team-connections' SuggestConnections):
 * widens the action type checks and adds a new active INTEGRATION prompt version that allows it.
 * The version copies the phase's active template and actions (the seeded version 1, or whatever
 * an admin activated since) and adds the sentence above; the previous version stays, inactive.
 */
export class Migration20261123070000SuggestConnection extends Migration {
  override up(): void {
    this.replaceChecks(ACTION_TYPES);
    for (const { phase, id } of NEW_VERSIONS) {
      this.addSql(
        raw(
          `insert into "chat"."prompts" ("id", "coaching_phase", "version", "is_active", "template", "allowed_actions")
           select ?, p."coaching_phase",
             (select max("version") + 1 from "chat"."prompts" where "coaching_phase" = p."coaching_phase"),
             false,
             case when strpos(p."template", ?) > 0 then overlay(p."template" placing ? from strpos(p."template", ?) for 0)
                  else rtrim(p."template") || ? end,
             array_append(p."allowed_actions", 'suggest_connection')
           from "chat"."prompts" p
           where p."coaching_phase" = ? and p."is_active" and not ('suggest_connection' = any(p."allowed_actions"))`,
          [id, CONTEXT_START, `\n${GUIDANCE}`, CONTEXT_START, `\n\n${GUIDANCE}`, phase],
        ),
      );
      // Two statements, in this order: the partial unique index allows one active version per phase.
      this.addSql(raw(`update "chat"."prompts" set "is_active" = false where "coaching_phase" = ? and "is_active" and exists (select 1 from "chat"."prompts" where "id" = ?)`, [phase, id]));
      this.addSql(raw(`update "chat"."prompts" set "is_active" = true where "id" = ?`, [id]));
    }
  }

  override down(): void {
    for (const { phase, id } of NEW_VERSIONS) {
      this.addSql(raw(`update "chat"."prompts" set "is_active" = false where "id" = ?`, [id]));
      // The version before it comes back, unless an admin has activated another one since.
      this.addSql(
        raw(
          `update "chat"."prompts" set "is_active" = true
           where "id" = (select "id" from "chat"."prompts" where "coaching_phase" = ? and "version" < (select "version" from "chat"."prompts" where "id" = ?) order by "version" desc limit 1)
             and not exists (select 1 from "chat"."prompts" where "coaching_phase" = ? and "is_active")`,
          [phase, id, phase],
        ),
      );
      this.addSql(raw(`delete from "chat"."prompts" where "id" = ?`, [id]));
    }
    this.addSql(`update "chat"."prompts" set "allowed_actions" = array_remove("allowed_actions", 'suggest_connection')`);
    // Actions already taken stay as history: the narrower check holds for new rows only.
    this.replaceChecks(ACTION_TYPES_BEFORE, { keepHistory: true });
  }

  private replaceChecks(types: string[], { keepHistory = false } = {}): void {
    this.addSql(`alter table "chat"."actions" drop constraint "actions_type_check", add constraint "actions_type_check" check ("type" in (${list(types)}))${keepHistory ? ' not valid' : ''}`);
    this.addSql(
      `alter table "chat"."prompts" drop constraint "prompts_allowed_actions_check", add constraint "prompts_allowed_actions_check" check ("allowed_actions" <@ array[${list(types)}]::text[])`,
    );
  }
}
