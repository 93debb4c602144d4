import { Migration } from '@mikro-orm/migrations';

/**
 * sentinel.memory_nearest(user, model, vector, limit, walk, ef_search): the lists of the five-argument
 * function, with the walk's HNSW settings (hnsw.ef_search, relaxed iterative scan) set for the
 * caller's transaction, or for the statement when it runs alone. The settings no longer travel as
 * SET LOCAL statements before it, so the search can send it as one statement with bound parameters.
 */
export class Migration20261201044000MemoryNearestSettings extends Migration {
  override up(): void {
    this.addSql(`create function "sentinel"."memory_nearest"("p_user" uuid, "p_model" text, "p_vector" vector, "p_limit" integer, "p_walk" integer, "p_ef_search" integer)
  returns table ("list" text, "key" text, "distance" float8) language plpgsql as $$
begin
  perform set_config('hnsw.ef_search', "p_ef_search"::text, true), set_config('hnsw.iterative_scan', 'relaxed_order', true);
  return query select * from "sentinel"."memory_nearest"("p_user", "p_model", "p_vector", "p_limit", "p_walk");
end $$`);
  }

  override down(): void {
    this.addSql(`drop function if exists "sentinel"."memory_nearest"(uuid, text, vector, integer, integer, integer)`);
  }
}
