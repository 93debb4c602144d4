import { Migration } from '@mikro-orm/migrations';

/**
 * Per-user document frequencies for memory search's word list: how many of a user's searchable
 * rows (episodes and current notes) hold each word, and how many rows they have. Counting them on
 * every search (inside the GIN index) was most of a heavy user's search time: 78 ms p99 at 25,000
 * rows (docs/sentinel.md). Kept by statement-level triggers in the same transaction as the rows, so
 * every path (learning, edits, supersedes, retention, consent withdrawal, erasure) keeps them exact,
 * and a user whose rows are all deleted leaves no count behind (the words are the user's data).
 */
export class Migration20261201040000MemoryWordCounts extends Migration {
  override up(): void {
    this.addSql(`create table "sentinel"."memory_word_counts" (
      "user_id" uuid not null,
      "lexeme" text not null,
      "rows" integer not null,
      primary key ("user_id", "lexeme"))`);
    this.addSql(`create table "sentinel"."memory_row_counts" (
      "user_id" uuid primary key,
      "rows" integer not null)`);

    // Adds `delta` (1 or -1) for each row (user, tsvector); counts that reach 0 are deleted.
    // Sorted upserts: two transactions of one user take the row locks in the same order.
    this.addSql(`create function "sentinel"."memory_counts_add"("users" uuid[], "tsvs" tsvector[], "delta" integer) returns void language plpgsql as $$
begin
  if coalesce(array_length("users", 1), 0) = 0 then return; end if;
  insert into "sentinel"."memory_row_counts" as c ("user_id", "rows")
    select u, count(*) * "delta" from unnest("users") as u group by u order by u
    on conflict ("user_id") do update set "rows" = c."rows" + excluded."rows";
  insert into "sentinel"."memory_word_counts" as c ("user_id", "lexeme", "rows")
    select r.u, l, count(*) * "delta" from unnest("users", "tsvs") as r(u, t), unnest(tsvector_to_array(r.t)) as l group by r.u, l order by r.u, l
    on conflict ("user_id", "lexeme") do update set "rows" = c."rows" + excluded."rows";
  if "delta" < 0 then
    delete from "sentinel"."memory_word_counts" c
      using (select distinct r.u, l from unnest("users", "tsvs") as r(u, t), unnest(tsvector_to_array(r.t)) as l) as d
      where c."user_id" = d.u and c."lexeme" = d.l and c."rows" <= 0;
    delete from "sentinel"."memory_row_counts" where "user_id" = any("users") and "rows" <= 0;
  end if;
end $$`);

    // Episodes always count; notes while current (valid_to null). An update counts only when it
    // changes what is searchable (the words, the user, or whether a note is current).
    this.addSql(`create function "sentinel"."memory_counts_sync"() returns trigger language plpgsql as $$
declare
  "users" uuid[];
  "tsvs" tsvector[];
begin
  if TG_OP = 'INSERT' then
    if TG_TABLE_NAME = 'episodes' then
      select array_agg("user_id"), array_agg("content_tsv") into "users", "tsvs" from "new_rows";
    else
      select array_agg("user_id"), array_agg("note_tsv") into "users", "tsvs" from "new_rows" where "valid_to" is null;
    end if;
    perform "sentinel"."memory_counts_add"("users", "tsvs", 1);
  elsif TG_OP = 'DELETE' then
    if TG_TABLE_NAME = 'episodes' then
      select array_agg("user_id"), array_agg("content_tsv") into "users", "tsvs" from "old_rows";
    else
      select array_agg("user_id"), array_agg("note_tsv") into "users", "tsvs" from "old_rows" where "valid_to" is null;
    end if;
    perform "sentinel"."memory_counts_add"("users", "tsvs", -1);
  elsif TG_TABLE_NAME = 'episodes' then
    select array_agg(n."user_id"), array_agg(n."content_tsv") into "users", "tsvs" from "new_rows" n join "old_rows" o using ("id")
      where n."content_tsv" <> o."content_tsv" or n."user_id" <> o."user_id";
    perform "sentinel"."memory_counts_add"("users", "tsvs", 1);
    select array_agg(o."user_id"), array_agg(o."content_tsv") into "users", "tsvs" from "new_rows" n join "old_rows" o using ("id")
      where n."content_tsv" <> o."content_tsv" or n."user_id" <> o."user_id";
    perform "sentinel"."memory_counts_add"("users", "tsvs", -1);
  else
    select array_agg(n."user_id"), array_agg(n."note_tsv") into "users", "tsvs" from "new_rows" n join "old_rows" o using ("id")
      where n."valid_to" is null and (o."valid_to" is not null or n."note_tsv" <> o."note_tsv" or n."user_id" <> o."user_id");
    perform "sentinel"."memory_counts_add"("users", "tsvs", 1);
    select array_agg(o."user_id"), array_agg(o."note_tsv") into "users", "tsvs" from "new_rows" n join "old_rows" o using ("id")
      where o."valid_to" is null and (n."valid_to" is not null or n."note_tsv" <> o."note_tsv" or n."user_id" <> o."user_id");
    perform "sentinel"."memory_counts_add"("users", "tsvs", -1);
  end if;
  return null;
end $$`);

    // Transition tables allow one event per trigger.
    for (const table of ['episodes', 'user_notes']) {
      this.addSql(
        `create trigger "${table}_memory_counts_insert" after insert on "sentinel"."${table}" referencing new table as "new_rows" for each statement execute function "sentinel"."memory_counts_sync"()`,
      );
      this.addSql(
        `create trigger "${table}_memory_counts_delete" after delete on "sentinel"."${table}" referencing old table as "old_rows" for each statement execute function "sentinel"."memory_counts_sync"()`,
      );
      this.addSql(
        `create trigger "${table}_memory_counts_update" after update on "sentinel"."${table}" referencing old table as "old_rows" new table as "new_rows" for each statement execute function "sentinel"."memory_counts_sync"()`,
      );
    }

    // The rows already there.
    this.addSql(`insert into "sentinel"."memory_row_counts" ("user_id", "rows")
      select "user_id", count(*) from (select "user_id" from "sentinel"."episodes" union all select "user_id" from "sentinel"."user_notes" where "valid_to" is null) as r group by "user_id"`);
    this.addSql(`insert into "sentinel"."memory_word_counts" ("user_id", "lexeme", "rows")
      select r."user_id", l, count(*) from (select "user_id", "content_tsv" as t from "sentinel"."episodes" union all select "user_id", "note_tsv" from "sentinel"."user_notes" where "valid_to" is null) as r,
        unnest(tsvector_to_array(r.t)) as l group by r."user_id", l`);
  }

  override down(): void {
    for (const table of ['episodes', 'user_notes'])
      for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists "${table}_memory_counts_${event}" on "sentinel"."${table}"`);
    this.addSql(`drop function if exists "sentinel"."memory_counts_sync"()`);
    this.addSql(`drop function if exists "sentinel"."memory_counts_add"(uuid[], tsvector[], integer)`);
    this.addSql(`drop table if exists "sentinel"."memory_word_counts"`);
    this.addSql(`drop table if exists "sentinel"."memory_row_counts"`);
  }
}
