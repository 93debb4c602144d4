import { Migration } from '@mikro-orm/migrations';

/**
 * Episodic memory (issue 15): every user message kept as said, searchable by words (GIN
 * full-text) and meaning (its embedding), beside the notes extracted from it. No shared HNSW
 * index on episodes: for one user's slice of it, a shared graph misleads (docs/sentinel.md); users
 * with many rows get a dedicated partial HNSW index instead, recorded in dedicated_vector_indexes.
 */
export class Migration20261130080000Episodes extends Migration {
  override up(): void {
    this.addSql(`create table "sentinel"."episodes" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "conversation_id" uuid null,
      "content" text not null,
      -- The user's two messages before it in the conversation: "She lives in Falmouth" is about the
      -- mum named just before. Their words match too, weighted D (the message's own words are A).
      "context" text null,
      -- Stored, so ranking reads it instead of parsing every matching message again.
      "content_tsv" tsvector generated always as (setweight(to_tsvector('english', "content"), 'A') || setweight(to_tsvector('english', coalesce("context", '')), 'D')) stored,
      "said_at" timestamptz not null,
      "embedding" vector(100) not null,
      "embedding_model" text not null,
      "embedding_dimensions" integer not null,
      "created_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "episodes_content_check" check (length(trim("content")) > 0),
      constraint "episodes_embedding_dimensions_check" check ("embedding_dimensions" = vector_dims("embedding")))`);
    this.addSql(`create index "episodes_user_id_said_at_idx" on "sentinel"."episodes" ("user_id", "said_at")`);
    this.addSql(`create index "episodes_content_gin_idx" on "sentinel"."episodes" using gin ("content_tsv")`);

    // The same for notes: ranking a heavy user's matches by ts_rank no longer parses each note again.
    this.addSql(`alter table "sentinel"."user_notes" add column "note_tsv" tsvector generated always as (to_tsvector('english', "note")) stored`);
    this.addSql(`create index "user_notes_note_tsv_gin_idx" on "sentinel"."user_notes" using gin ("note_tsv")`);
    this.addSql(`drop index "sentinel"."user_notes_note_gin_idx"`);
    this.addSql(`create index "episodes_test_scenario_id_idx" on "sentinel"."episodes" ("test_scenario_id") where "test_scenario_id" is not null`);

    // One partial HNSW index per (user, table) with many rows: built by the sweeper, dropped with the user.
    this.addSql(`create table "sentinel"."dedicated_vector_indexes" (
      "user_id" uuid not null,
      "table_name" text not null,
      "index_name" text not null unique,
      "rows_at_build" integer not null,
      -- false while a replica builds it (a claim); searches use it once true.
      "ready" boolean not null default false,
      "created_at" timestamptz not null default now(),
      primary key ("user_id", "table_name"),
      constraint "dedicated_vector_indexes_table_name_check" check ("table_name" in ('user_notes', 'episodes')))`);
  }

  override down(): void {
    this.addSql('drop table if exists "sentinel"."dedicated_vector_indexes"');
    this.addSql('drop table if exists "sentinel"."episodes"');
    this.addSql(`create index "user_notes_note_gin_idx" on "sentinel"."user_notes" using gin (to_tsvector('english', "note"))`);
    this.addSql('alter table "sentinel"."user_notes" drop column "note_tsv"');
  }
}
