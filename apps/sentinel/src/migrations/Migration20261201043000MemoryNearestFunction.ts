import { Migration } from '@mikro-orm/migrations';

/**
 * Memory search's vector lists as a function, sentinel.memory_nearest(user, model, vector, limit,
 * walk): a user's `limit` nearest current notes and episodes, each list as `note:<id>` or
 * `episode:<id>` keys with their cosine distance. Sent as a statement, the two lists (each written
 * twice, walk and exact scan, behind one-time filters) were planned on every search, 0.7-1.8 ms
 * of it (EXPLAIN ANALYZE); here the exact scans keep their plan per connection, and only a walk is
 * planned, with the user's id as a literal, so the planner proves the user's partial index
 * applies. For a table where the user has a ready dedicated index, the walk of `walk` rows
 * re-ranked exactly; a walk that comes back short (an iterative scan still stops at
 * max_scan_tuples) gives way to the exact scan. The index expression here must stay the one
 * DEDICATED_INDEX_KEY builds (vector(100): the embeddings' size). The HNSW settings are the
 * caller's (SET LOCAL before the statement).
 */
/** One table's list: the walk where the user's index is ready and not short, else the exact scan. */
const nearestIn = (table: 'user_notes' | 'episodes', kind: 'note' | 'episode', current: string) => `
  "keys" := null;
  if '${table}' = any("ready") then
    execute format('select array_agg("key" order by "distance", "id"), array_agg("distance" order by "distance", "id") from (
                      select "id", ''${kind}:'' || "id" as "key", "embedding" <=> $1 as "distance" from (
                        select "id", "embedding" from "sentinel"."${table}" where "user_id" = %L${current} and "embedding_model" = $2
                         order by (l2_normalize("embedding")::vector(100)) <#> l2_normalize($1) limit $3) as "walked"
                      order by "distance", "id" limit $4) as "nearest"', "p_user")
      into "keys", "distances" using "p_vector", "p_model", "p_walk", "p_limit";
  end if;
  if coalesce(cardinality("keys"), 0) >= "p_limit" then
    return query select '${table}'::text, k, d from unnest("keys", "distances") as u(k, d);
  else
    -- offset 0: the user's rows streamed into a top-N sort, never user_notes' shared HNSW index on "embedding".
    return query select '${table}'::text, '${kind}:' || n."id", n."distance" from (
                   select m."id", m."embedding" <=> "p_vector" as "distance" from (
                     select t."id", t."embedding" from "sentinel"."${table}" t where t."user_id" = "p_user"${current.replace(/"valid_to"/, 't."valid_to"')} and t."embedding_model" = "p_model" offset 0) as m
                   order by 2, 1 limit "p_limit") as n;
  end if;`;

export class Migration20261201043000MemoryNearestFunction extends Migration {
  override up(): void {
    this.addSql(`create function "sentinel"."memory_nearest"("p_user" uuid, "p_model" text, "p_vector" vector, "p_limit" integer, "p_walk" integer)
  returns table ("list" text, "key" text, "distance" float8) language plpgsql stable as $$
#variable_conflict use_column
declare
  "ready" text[] := array(select i."table_name" from "sentinel"."dedicated_vector_indexes" i where i."user_id" = "p_user" and i."ready");
  "keys" text[];
  "distances" float8[];
begin${nearestIn('user_notes', 'note', ' and "valid_to" is null')}${nearestIn('episodes', 'episode', '')}
end $$`);
  }

  override down(): void {
    this.addSql(`drop function if exists "sentinel"."memory_nearest"(uuid, text, vector, integer, integer)`);
  }
}
