import { Migration } from '@mikro-orm/migrations';

/** Coach states with the constraints and indexes of document 002. */
export class Migration20261123020000CoachStates extends Migration {
  override up(): void {
    this.addSql(`create table "coach_state"."coach_states" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "current_phase" text not null,
      "current_identity_id" uuid null,
      "proposed_identity_id" uuid null,
      "progress" jsonb not null default '{}',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "coach_states_user_id_key" unique ("user_id"),
      constraint "coach_states_current_phase_check"
        check ("current_phase" in ('GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED')))`);
    this.addSql(`create index "coach_states_updated_at_idx" on "coach_state"."coach_states" ("updated_at")`);
    this.addSql(`create index "coach_states_current_identity_id_idx" on "coach_state"."coach_states" ("current_identity_id")`);
    this.addSql(`create index "coach_states_proposed_identity_id_idx" on "coach_state"."coach_states" ("proposed_identity_id")`);
    this.addSql(`create index "coach_states_test_scenario_idx" on "coach_state"."coach_states" ("test_scenario_id") where "test_scenario_id" is not null`);
  }

  override down(): void {
    this.addSql('drop table if exists "coach_state"."coach_states"');
  }
}
