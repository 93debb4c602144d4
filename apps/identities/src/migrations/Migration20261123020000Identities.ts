import { Migration } from '@mikro-orm/migrations';

/**
 * Identities with the constraints and indexes of document 002, plus one GIN index on the
 * weighted document that ListIdentities' `q` searches (IdentityRepository.SEARCH_DOCUMENT: the
 * expression must stay identical for the planner to use the index; a test checks it does).
 */
export class Migration20261123020000Identities extends Migration {
  override up(): void {
    this.addSql(`create table "identities"."identities" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "category" text not null,
      "name" text not null,
      "affirmation" text null,
      "visualization" text null,
      "state" text not null default 'PROPOSED',
      "archived_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "identities_category_check" check ("category" in ('CAREER', 'HEALTH', 'RELATIONSHIPS', 'FAMILY', 'FINANCES', 'PERSONAL_GROWTH', 'SPIRITUALITY', 'RECREATION', 'CONTRIBUTION', 'ENVIRONMENT')),
      constraint "identities_state_check" check ("state" in ('PROPOSED', 'ACCEPTED', 'REFINEMENT_COMPLETE')),
      constraint "identities_refinement_complete_check" check ("state" <> 'REFINEMENT_COMPLETE' or ("affirmation" is not null and "visualization" is not null)),
      constraint "identities_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    const index = (name: string, definition: string) => this.addSql(`create index "identities_${name}_idx" on "identities"."identities" ${definition}`);
    index('user_id', '("user_id")');
    index('user_id_category', '("user_id", "category")');
    index('user_id_state', '("user_id", "state")');
    index('created_at', '("created_at")');
    index('updated_at', '("updated_at")');
    index('test_scenario_id', '("test_scenario_id")');
    index('affirmation_gin', `using gin (to_tsvector('english', "affirmation"))`);
    index('visualization_gin', `using gin (to_tsvector('english', "visualization"))`);
    index(
      'search_gin',
      `using gin ((setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("affirmation", '')), 'B') || setweight(to_tsvector('english', coalesce("visualization", '')), 'C')))`,
    );
  }

  override down(): void {
    this.addSql('drop table if exists "identities"."identities"');
  }
}
