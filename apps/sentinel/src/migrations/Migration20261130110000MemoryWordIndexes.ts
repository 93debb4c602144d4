import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search for one user among everyone's rows: a GIN index on (user_id, tsvector) (btree_gin,
 * created with the database) finds one user's matches of a word inside the index. On the word alone,
 * a common word matched every user's rows and the user filter came after: 150 ms for a user of
 * 1,000 rows among 200,000 (bench/sentinel-memory-search.ts). They replace the word-only indexes.
 */
export class Migration20261130110000MemoryWordIndexes extends Migration {
  override up(): void {
    this.addSql(`create index "episodes_user_id_content_tsv_gin_idx" on "sentinel"."episodes" using gin ("user_id", "content_tsv")`);
    this.addSql(`drop index "sentinel"."episodes_content_gin_idx"`);
    this.addSql(`create index "user_notes_user_id_note_tsv_gin_idx" on "sentinel"."user_notes" using gin ("user_id", "note_tsv")`);
    this.addSql(`drop index "sentinel"."user_notes_note_tsv_gin_idx"`);
  }

  override down(): void {
    this.addSql(`create index "user_notes_note_tsv_gin_idx" on "sentinel"."user_notes" using gin ("note_tsv")`);
    this.addSql(`drop index "sentinel"."user_notes_user_id_note_tsv_gin_idx"`);
    this.addSql(`create index "episodes_content_gin_idx" on "sentinel"."episodes" using gin ("content_tsv")`);
    this.addSql(`drop index "sentinel"."episodes_user_id_content_tsv_gin_idx"`);
  }
}
