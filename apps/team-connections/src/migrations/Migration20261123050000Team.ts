import { Migration } from '@mikro-orm/migrations';

const STRENGTHS = `('thinking', 'planning', 'acting', 'feeling', 'imagination')`;

/**
 * Extended profiles and connection suggestions with the constraints and indexes of document 003,
 * translated to schema `team`. Embeddings have no fixed size, so a deployment may change model:
 * each row records its model and size, and each size gets a partial HNSW index on a cast to that
 * size (100 here, the offline model's; ProfileVectorIndex adds the configured one at start).
 */
export class Migration20261123050000Team extends Migration {
  override up(): void {
    this.addSql(`create table "team"."user_profiles_extended" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "display_name" varchar(255) null,
      "company" varchar(255) null,
      "department" varchar(255) null,
      "role" varchar(255) null,
      "strengths_summary" jsonb null,
      "expertise_areas" jsonb not null default '[]',
      "project_experience" jsonb not null default '[]',
      "collaboration_preferences" jsonb not null default '{}',
      "availability_status" varchar(50) not null default 'available',
      "connection_opt_in" boolean not null default true,
      "embedding" vector null,
      "experience_embedding" vector null,
      "embedding_model" text null,
      "embedding_dimensions" integer null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "user_profiles_extended_user_id_key" unique ("user_id"),
      constraint "user_profiles_extended_availability_status_check" check ("availability_status" in ('available', 'busy', 'unavailable')),
      constraint "user_profiles_extended_expertise_areas_check" check (jsonb_typeof("expertise_areas") = 'array'),
      constraint "user_profiles_extended_project_experience_check" check (jsonb_typeof("project_experience") = 'array'),
      constraint "user_profiles_extended_collaboration_preferences_check" check (jsonb_typeof("collaboration_preferences") = 'object'),
      constraint "user_profiles_extended_strengths_summary_check" check ("strengths_summary" is null or "strengths_summary"->>'primaryStrength' in ${STRENGTHS}),
      constraint "user_profiles_extended_embedding_check" check (
        ("embedding_model" is null) = ("embedding_dimensions" is null)
        and ("embedding_model" is null) = ("embedding" is null and "experience_embedding" is null)
        and ("embedding" is null or vector_dims("embedding") = "embedding_dimensions")
        and ("experience_embedding" is null or vector_dims("experience_embedding") = "embedding_dimensions")),
      constraint "user_profiles_extended_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    const profileIndex = (name: string, definition: string) => this.addSql(`create index "user_profiles_extended_${name}_idx" on "team"."user_profiles_extended" ${definition}`);
    profileIndex('company', '("company")');
    profileIndex('department', '("department")');
    profileIndex('availability_status', '("availability_status")');
    profileIndex('connection_opt_in', '("connection_opt_in")');
    profileIndex('expertise_areas_gin', 'using gin ("expertise_areas")');
    // The matching filter: a company's colleagues who may be suggested, as one small index.
    profileIndex('matchable', `("company") where "connection_opt_in" and "availability_status" = 'available'`);
    profileIndex('test_scenario_id', '("test_scenario_id")');
    profileIndex('embedding_100_hnsw', `using hnsw (("embedding"::vector(100)) vector_cosine_ops) where "embedding_dimensions" = 100`);

    this.addSql(`create table "team"."connection_suggestions" (
      "id" uuid primary key,
      "requestor_id" uuid not null,
      "suggested_collaborator_id" uuid not null,
      "reason_type" varchar(100) not null,
      "reason_explanation" text not null,
      "reason_details" jsonb not null default '[]',
      "context" text null,
      "score" real not null,
      "status" varchar(50) not null default 'suggested',
      "response_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "connection_suggestions_requestor_collaborator_check" check ("requestor_id" <> "suggested_collaborator_id"),
      constraint "connection_suggestions_reason_type_check" check ("reason_type" in ('complementary_strengths', 'expertise_match', 'similar_challenge')),
      constraint "connection_suggestions_status_check" check ("status" in ('suggested', 'viewed', 'connected', 'declined', 'expired')),
      constraint "connection_suggestions_response_at_check" check (("status" in ('connected', 'declined')) = ("response_at" is not null)),
      constraint "connection_suggestions_score_check" check ("score" between 0 and 1),
      constraint "connection_suggestions_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    const suggestionIndex = (name: string, definition: string) => this.addSql(`create index "connection_suggestions_${name}_idx" on "team"."connection_suggestions" ${definition}`);
    suggestionIndex('requestor_id', '("requestor_id")');
    suggestionIndex('suggested_collaborator_id', '("suggested_collaborator_id")');
    suggestionIndex('status', '("status")');
    suggestionIndex('reason_type', '("reason_type")');
    suggestionIndex('requestor_id_created_at', '("requestor_id", "created_at")');
    // The expiry sweep reads only open suggestions, oldest first.
    suggestionIndex('open_created_at', `("created_at") where "status" in ('suggested', 'viewed')`);
    // Matching leaves out colleagues the requestor declined recently.
    suggestionIndex('declined', `("requestor_id", "suggested_collaborator_id", "response_at") where "status" = 'declined'`);
    suggestionIndex('test_scenario_id', '("test_scenario_id")');
  }

  override down(): void {
    this.addSql('drop table if exists "team"."connection_suggestions"');
    this.addSql('drop table if exists "team"."user_profiles_extended"');
  }
}
