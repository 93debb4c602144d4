import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported from the contracts: a migration records the schema as it was then.
const CATEGORIES = "('background', 'goal', 'value', 'challenge', 'preference', 'relationship', 'wellbeing')";
const VALENCES = "('POSITIVE', 'NEUTRAL', 'NEGATIVE')";

/**
 * User notes (document 002's user_notes: user, created_at and source_message indexes, GIN
 * full-text on note) with validity for history, and emotions (Cto-1). Vectors are 100-dimensional,
 * the offline embeddings' size: another model's size needs a migration (docs/sentinel.md).
 */
export class Migration20261123050000Sentinel extends Migration {
  override up(): void {
    this.addSql(`create table "sentinel"."user_notes" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "note" text not null,
      "category" text not null,
      "subject" text null,
      "confidence" real not null,
      "source_message_id" uuid null,
      "valid_from" timestamptz not null default now(),
      "valid_to" timestamptz null,
      "superseded_by" uuid null references "sentinel"."user_notes" ("id") on delete set null,
      "embedding" vector(100) not null,
      "embedding_model" text not null,
      "embedding_dimensions" integer not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "user_notes_category_check" check ("category" in ${CATEGORIES}),
      constraint "user_notes_confidence_check" check ("confidence" between 0 and 1),
      constraint "user_notes_note_check" check (length(trim("note")) > 0),
      constraint "user_notes_validity_check" check ("valid_to" is null or "valid_to" >= "valid_from"),
      constraint "user_notes_superseded_check" check ("superseded_by" is null or ("valid_to" is not null and "superseded_by" <> "id")),
      constraint "user_notes_embedding_dimensions_check" check ("embedding_dimensions" = vector_dims("embedding")),
      constraint "user_notes_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    const index = (table: string, name: string, definition: string, unique = false) =>
      this.addSql(`create ${unique ? 'unique ' : ''}index "${table}_${name}_idx" on "sentinel"."${table}" ${definition}`);
    index('user_notes', 'user_id', '("user_id")');
    index('user_notes', 'created_at', '("created_at")');
    index('user_notes', 'source_message_id', '("source_message_id")');
    // Deleting a note sets superseded_by null on its predecessors: an index keeps that a lookup.
    index('user_notes', 'superseded_by', '("superseded_by")');
    index('user_notes', 'test_scenario_id', '("test_scenario_id") where "test_scenario_id" is not null');
    // Current notes by user and category: reconciliation, listing and exact vector search read these.
    index('user_notes', 'current_user_id_category', '("user_id", "category") where "valid_to" is null');
    index('user_notes', 'note_gin', `using gin (to_tsvector('english', "note"))`);
    index('user_notes', 'embedding_hnsw', 'using hnsw ("embedding" vector_cosine_ops)');

    this.addSql(`create table "sentinel"."emotions" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "message_id" uuid null,
      "conversation_id" uuid null,
      "valence" text not null,
      "intensity" smallint not null,
      "created_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "emotions_valence_check" check ("valence" in ${VALENCES}),
      constraint "emotions_intensity_check" check ("intensity" between 1 and 10))`);
    index('emotions', 'user_id_created_at', '("user_id", "created_at")');
    // One reading per message, whatever redelivers it.
    index('emotions', 'message_id', '("message_id")', true);
    index('emotions', 'test_scenario_id', '("test_scenario_id") where "test_scenario_id" is not null');
  }

  override down(): void {
    this.addSql('drop table if exists "sentinel"."emotions"');
    this.addSql('drop table if exists "sentinel"."user_notes"');
  }
}
