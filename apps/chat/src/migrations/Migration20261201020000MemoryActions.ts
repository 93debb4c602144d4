import { raw } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const ACTION_TYPES_BEFORE = [
  'propose_identity',
  'update_identity',
  'accept_identity',
  'complete_identity_refinement',
  'transition_phase',
  'suggest_connection',
  'create_goal',
  'create_commitment',
  'complete_commitment',
  'log_energy',
];
const MEMORY_ACTIONS = ['forget_note', 'correct_note'];
const ACTION_TYPES = [...ACTION_TYPES_BEFORE, ...MEMORY_ACTIONS];

const MEMORY_GUIDANCE =
  'What you remember about the user is in the Note lines of your context, each with its id. When they ask what you remember about them, answer from those notes, in plain words, and invite them to correct or remove anything. ' +
  'When they ask you to forget something, first tell them which note you mean (its text) and ask them to confirm; only once they have confirmed, call forget_note with its id. ' +
  'When they say something you remember is not right ("That\'s not right, I ..."), call correct_note with its id and what is true, as a short third-person fact, and thank them; if it is not clear which note they mean, ask. Never use an id that is not in a Note line.';

/** The version each phase gets, with a fixed id so that down() removes exactly it. A user may ask about their memory in any phase. */
const NEW_VERSIONS = [
  { phase: 'GET_TO_KNOW_YOU', id: '3f6d2a1b-7c8e-4d9f-a0b1-c2d3e4f5a601' },
  { phase: 'IDENTITY_CREATION', id: '3f6d2a1b-7c8e-4d9f-a0b1-c2d3e4f5a602' },
  { phase: 'IDENTITY_REFINEMENT', id: '3f6d2a1b-7c8e-4d9f-a0b1-c2d3e4f5a603' },
  { phase: 'INTEGRATION', id: '3f6d2a1b-7c8e-4d9f-a0b1-c2d3e4f5a604' },
  { phase: 'COMPLETED', id: '3f6d2a1b-7c8e-4d9f-a0b1-c2d3e4f5a605' },
];
const CONTEXT_START = "\n\nThe user's identities:";

/**
 * The coach's memory actions (carried out by Sentinel's ForgetNote and CorrectNote): widens the
 * action type checks and adds, per phase, a new active prompt version that allows them, with the
 * guidance to confirm a note before forgetting it. Each copies the phase's active template and
 * actions (whatever version is active); the previous version stays, inactive.
 */
export class Migration20261201020000MemoryActions extends Migration {
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
             p."allowed_actions" || array(select a from unnest(string_to_array(?, ',')) a where not (a = any(p."allowed_actions")))
           from "chat"."prompts" p
           where p."coaching_phase" = ? and p."is_active" and not (string_to_array(?, ',') <@ p."allowed_actions")`,
          [id, CONTEXT_START, `\n${MEMORY_GUIDANCE}`, CONTEXT_START, `\n\n${MEMORY_GUIDANCE}`, MEMORY_ACTIONS.join(','), phase, MEMORY_ACTIONS.join(',')],
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
    for (const action of MEMORY_ACTIONS) this.addSql(`update "chat"."prompts" set "allowed_actions" = array_remove("allowed_actions", '${action}')`);
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
