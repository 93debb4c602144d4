import { Migration } from '@mikro-orm/migrations';

/**
 * Dedicated HNSW indexes now order by the unit vector's inner product (DEDICATED_INDEX_KEY), which
 * no shared index has: on the plain column, the planner often walked user_notes' shared index
 * instead and filtered it to the user. The old ones are dropped here; the memory sweeper builds
 * the new ones on its next pass (searches are exact meanwhile).
 */
export class Migration20261201041000DedicatedIndexesByUnitVector extends Migration {
  override up(): void {
    this.addSql(`do $$
declare
  "dedicated" record;
begin
  for "dedicated" in select "index_name" from "sentinel"."dedicated_vector_indexes" loop
    execute format('drop index if exists "sentinel".%I', "dedicated"."index_name");
  end loop;
  delete from "sentinel"."dedicated_vector_indexes";
end $$`);
  }

  override down(): void {
    // The same: the previous version's sweeper builds its own indexes again.
    this.up();
  }
}
