import { Migration } from '@mikro-orm/migrations';

/**
 * Memory search's word list as a function, sentinel.memory_word_hits(user, q, depth, terms,
 * rows per term): PL/pgSQL keeps the plan of its query per connection, where the same statement
 * sent from the service was planned again on every search (3.2 of its 9 ms for a 25,000-row user,
 * measured with EXPLAIN ANALYZE). What it computes is described in MemorySearchRepository.rankByWords.
 */
export class Migration20261201042000MemoryWordsFunction extends Migration {
  override up(): void {
    this.addSql(`create function "sentinel"."memory_word_hits"("p_user" uuid, "p_q" text, "p_depth" integer, "p_terms" integer, "p_rows_per_term" integer)
  returns table ("key" text, "score" float8, "position" bigint) language plpgsql stable as $$
#variable_conflict use_column
begin
  return query
  with "rarity" as (select c."lexeme", c."rows" as "n", quote_literal(c."lexeme")::tsquery as "term", (quote_literal(c."lexeme") || ':A')::tsquery as "own"
                      from (select distinct "lexeme" from unnest(tsvector_to_array(to_tsvector('english', "p_q"))) as "lexeme") as t
                      join "sentinel"."memory_word_counts" c on c."user_id" = "p_user" and c."lexeme" = t."lexeme"
                      order by c."rows", c."lexeme" limit "p_terms"),
     "hits" as (
       select 'note:' || n."id" as "key", t."n", 1.0::float8 as "weight", n."created_at" as "at"
         from "rarity" t, lateral (select "id", "created_at" from "sentinel"."user_notes" where "user_id" = "p_user" and "valid_to" is null and "note_tsv" @@ t."term" limit "p_rows_per_term") as n
       union all
       select 'episode:' || e."id", t."n", case when e."own" then 1.0::float8 else 0.5::float8 end, e."said_at"
         from "rarity" t, lateral (select "id", "said_at", "content_tsv" @@ t."own" as "own" from "sentinel"."episodes" where "user_id" = "p_user" and "content_tsv" @@ t."term" limit "p_rows_per_term") as e),
     "size" as (select coalesce((select "rows" from "sentinel"."memory_row_counts" where "user_id" = "p_user"), 0) as "n")
  select s."key", s."score", row_number() over (order by s."score" desc, s."at" desc, s."key")
    from (select h."key", sum(h."weight" * ln(1 + ("size"."n" - h."n" + 0.5)::float8 / (h."n" + 0.5)::float8)) as "score", max(h."at") as "at"
            from "hits" h, "size" group by h."key") as s
   order by 3 limit "p_depth";
end $$`);
  }

  override down(): void {
    this.addSql(`drop function if exists "sentinel"."memory_word_hits"(uuid, text, integer, integer, integer)`);
  }
}
