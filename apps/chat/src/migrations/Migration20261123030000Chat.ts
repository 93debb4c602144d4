import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');
const PHASES = `(${list(['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'])})`;
const ACTION_TYPE_LIST = list(['propose_identity', 'update_identity', 'accept_identity', 'complete_identity_refinement', 'transition_phase']);

/**
 * The chat schema: conversations, their messages and the actions coach messages took (the
 * constraints and indexes of document 002), versioned prompts, the knowledge base (document
 * 003, with embeddings), and the read models chat keeps from other services' events.
 */
export class Migration20261123030000Chat extends Migration {
  override up(): void {
    const index = (table: string, name: string, definition: string, unique = false) => this.addSql(`create ${unique ? 'unique ' : ''}index "${table}_${name}_idx" on "chat"."${table}" ${definition}`);

    this.addSql(`create table "chat"."conversations" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "session_type" text not null default 'COACHING',
      "phase" text not null,
      "started_at" timestamptz not null default now(),
      "last_message_at" timestamptz not null default now(),
      "ended_at" timestamptz null,
      "summary" text null,
      "context_used" jsonb null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "conversations_session_type_check" check ("session_type" in ('COACHING', 'CHECK_IN')),
      constraint "conversations_phase_check" check ("phase" in ${PHASES}),
      constraint "conversations_ended_after_start_check" check ("ended_at" is null or "ended_at" >= "started_at"),
      constraint "conversations_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    index('conversations', 'user_id_started_at', '("user_id", "started_at")');
    // At most one open conversation per user: a concurrent second "open" fails instead of forking the chat.
    index('conversations', 'one_open_per_user', '("user_id") where "ended_at" is null', true);
    // The inactivity sweeper's scan.
    index('conversations', 'open_last_message_at', '("last_message_at") where "ended_at" is null');

    this.addSql(`create table "chat"."chat_messages" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "conversation_id" uuid not null references "chat"."conversations" ("id") on delete cascade,
      "role" text not null,
      "content" text not null,
      "in_reply_to" uuid null references "chat"."chat_messages" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "chat_messages_role_check" check ("role" in ('USER', 'COACH')),
      constraint "chat_messages_reply_check" check (("role" = 'COACH') = ("in_reply_to" is not null)))`);
    index('chat_messages', 'user_id', '("user_id")');
    index('chat_messages', 'user_id_role', '("user_id", "role")');
    index('chat_messages', 'created_at', '("created_at")');
    index('chat_messages', 'user_id_created_at', '("user_id", "created_at" desc, "id" desc)');
    index('chat_messages', 'conversation_id_created_at', '("conversation_id", "created_at" desc, "id" desc)');
    index('chat_messages', 'content_gin', `using gin (to_tsvector('english', "content"))`);
    index('chat_messages', 'test_scenario', '("test_scenario_id") where "test_scenario_id" is not null');
    // One coach reply per user message: what makes a redelivered turn a no-op even under a race.
    index('chat_messages', 'one_reply', '("in_reply_to")', true);

    this.addSql(`create table "chat"."actions" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "coach_message_id" uuid not null references "chat"."chat_messages" ("id") on delete cascade,
      "type" text not null,
      "parameters" jsonb not null default '{}',
      "status" text not null default 'PENDING',
      "result" jsonb null,
      "command_message_id" uuid null,
      "position" integer not null default 0,
      "held_command" jsonb null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "actions_type_check" check ("type" in (${ACTION_TYPE_LIST})),
      constraint "actions_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUSED')),
      constraint "actions_command_message_id_key" unique ("command_message_id"),
      constraint "actions_refused_unsent_check" check ("status" <> 'REFUSED' or "command_message_id" is null),
      constraint "actions_pending_sent_or_held_check" check ("status" <> 'PENDING' or "command_message_id" is not null or "held_command" is not null),
      constraint "actions_position_check" check ("position" >= 0),
      constraint "actions_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    index('actions', 'user_id', '("user_id")');
    index('actions', 'coach_message_id_position', '("coach_message_id", "position")', true);
    index('actions', 'user_id_created_at', '("user_id", "created_at")');

    this.addSql(`create table "chat"."prompts" (
      "id" uuid primary key,
      "coaching_phase" text not null,
      "version" integer not null,
      "is_active" boolean not null default false,
      "template" text not null,
      "allowed_actions" text[] not null default '{}',
      "created_at" timestamptz not null default now(),
      constraint "prompts_coaching_phase_check" check ("coaching_phase" in ${PHASES}),
      constraint "prompts_version_check" check ("version" > 0),
      constraint "prompts_coaching_phase_version_key" unique ("coaching_phase", "version"),
      constraint "prompts_allowed_actions_check" check ("allowed_actions" <@ array[${ACTION_TYPE_LIST}]::text[]))`);
    index('prompts', 'active', '("coaching_phase", "version") where "is_active"');
    // Exactly one active version per phase (at most one here; the seed gives each phase one).
    index('prompts', 'one_active_per_phase', '("coaching_phase") where "is_active"', true);

    // The embedding column has no fixed size so a deployment can change embedding model; each
    // size searched gets its own partial HNSW index (KnowledgeRepository.ensureIndex).
    this.addSql(`create table "chat"."coach_knowledge_base" (
      "id" uuid primary key,
      "category" varchar(100) not null,
      "content_type" varchar(100) not null,
      "title" varchar(255) not null,
      "content" text not null,
      "tags" jsonb not null default '[]',
      "metadata" jsonb null,
      "embedding" vector null,
      "embedding_model" text null,
      "embedding_dimensions" integer null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "coach_knowledge_base_embedding_check" check (("embedding" is null) = ("embedding_model" is null) and ("embedding" is null or vector_dims("embedding") = "embedding_dimensions")))`);
    index('coach_knowledge_base', 'category', '("category")');
    index('coach_knowledge_base', 'content_type', '("content_type")');
    index('coach_knowledge_base', 'tags', 'using gin ("tags")');
    this.addSql(
      `create index "coach_knowledge_base_embedding_100_hnsw_idx" on "chat"."coach_knowledge_base" using hnsw (("embedding"::vector(100)) vector_cosine_ops) where "embedding_dimensions" = 100`,
    );

    // Read models, kept from coach-state and identities events: a turn never waits on another service.
    this.addSql(`create table "chat"."coach_contexts" (
      "user_id" uuid primary key,
      "phase" text not null,
      "current_identity_id" uuid null,
      "proposed_identity_id" uuid null,
      "updated_at" timestamptz not null,
      constraint "coach_contexts_phase_check" check ("phase" in ${PHASES}))`);
    this.addSql(`create table "chat"."identity_snapshots" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "category" text not null,
      "name" text not null,
      "state" text not null,
      "affirmation" text null,
      "visualization" text null,
      "archived" boolean not null default false,
      "updated_at" timestamptz not null)`);
    index('identity_snapshots', 'user_id', '("user_id", "updated_at")');
  }

  override down(): void {
    for (const table of ['identity_snapshots', 'coach_contexts', 'coach_knowledge_base', 'prompts', 'actions', 'chat_messages', 'conversations']) {
      this.addSql(`drop table if exists "chat"."${table}"`);
    }
  }
}
