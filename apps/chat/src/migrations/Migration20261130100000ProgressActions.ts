import { raw } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const ACTION_TYPES_BEFORE = ['propose_identity', 'update_identity', 'accept_identity', 'complete_identity_refinement', 'transition_phase', 'suggest_connection'];
const PROGRESS_ACTIONS = ['create_commitment', 'complete_commitment', 'log_energy'];
const ACTION_TYPES = [...ACTION_TYPES_BEFORE, 'create_goal', ...PROGRESS_ACTIONS];

const EVERY_PHASE_GUIDANCE =
  'Whenever the user states something they will do ("I will walk 20 minutes every morning"), call create_commitment with it in their words (its schedule and local time if they said) and confirm it in your reply. ' +
  'When they say they did one of their open commitments, call complete_commitment with its id from the list below; if it is not clear which one, ask them instead. When they give their energy level (1 to 10), call log_energy.';
const GOAL_GUIDANCE = 'When they set a longer-term goal, call create_goal with it.';

/**
 * The version each phase gets, with a fixed id so that down() removes exactly it. Commitments,
 * follow-through and energy are kept in every phase (a commitment stated while getting to know
 * the user is still a commitment); goals once the user has an identity to aim them at.
 */
const NEW_VERSIONS = [
  { phase: 'GET_TO_KNOW_YOU', id: '8a1c5e2f-3b4d-4e6f-9a8b-1c2d3e4f5a01', actions: PROGRESS_ACTIONS, guidance: EVERY_PHASE_GUIDANCE },
  { phase: 'IDENTITY_CREATION', id: '8a1c5e2f-3b4d-4e6f-9a8b-1c2d3e4f5a02', actions: PROGRESS_ACTIONS, guidance: EVERY_PHASE_GUIDANCE },
  { phase: 'IDENTITY_REFINEMENT', id: '8a1c5e2f-3b4d-4e6f-9a8b-1c2d3e4f5a03', actions: ['create_goal', ...PROGRESS_ACTIONS], guidance: `${EVERY_PHASE_GUIDANCE} ${GOAL_GUIDANCE}` },
  { phase: 'INTEGRATION', id: '8a1c5e2f-3b4d-4e6f-9a8b-1c2d3e4f5a04', actions: ['create_goal', ...PROGRESS_ACTIONS], guidance: `${EVERY_PHASE_GUIDANCE} ${GOAL_GUIDANCE}` },
  { phase: 'COMPLETED', id: '8a1c5e2f-3b4d-4e6f-9a8b-1c2d3e4f5a05', actions: ['create_goal', ...PROGRESS_ACTIONS], guidance: `${EVERY_PHASE_GUIDANCE} ${GOAL_GUIDANCE}` },
];
const CONTEXT_START = "\n\nThe user's identities:";

/**
 * The coach's progress actions (carried out by progress's CreateGoal, CreateCommitment,
 * CompleteCommitment and RecordEnergy): widens the action type checks and adds, per phase, a new
 * active prompt version that allows them. Each copies the phase's active template and actions
 * (whatever version is active) and adds the guidance; the previous version stays, inactive.
 */
export class Migration20261130100000ProgressActions extends Migration {
  override up(): void {
    this.replaceChecks(ACTION_TYPES);
    for (const { phase, id, actions, guidance } of NEW_VERSIONS) {
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
          [id, CONTEXT_START, `\n${guidance}`, CONTEXT_START, `\n\n${guidance}`, actions.join(','), phase, actions.join(',')],
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
    for (const action of ['create_goal', ...PROGRESS_ACTIONS]) this.addSql(`update "chat"."prompts" set "allowed_actions" = array_remove("allowed_actions", '${action}')`);
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
