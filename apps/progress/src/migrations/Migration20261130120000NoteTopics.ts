import { Migration } from '@mikro-orm/migrations';

/**
 * The category of each changed note (Sentinel's: background, goal, value, challenge, …), so
 * insights can compare energy on the days a user talks about one kind of thing, and the insight
 * kind that does.
 */
export class Migration20261130120000NoteTopics extends Migration {
  override up(): void {
    this.addSql(`alter table "progress"."note_changes" add column "category" text null`);
    this.addSql(`alter table "progress"."insights" drop constraint "insights_kind_check"`);
    this.addSql(
      `alter table "progress"."insights" add constraint "insights_kind_check" check ("kind" in ('LOW_ENERGY_AFTER_MISSED', 'HIGHER_ENERGY_ON_KEPT_DAYS', 'MISSES_ON_ONE_WEEKDAY', 'LOW_ENERGY_ON_TOPIC_DAYS'))`,
    );
  }

  override down(): void {
    this.addSql(`delete from "progress"."insights" where "kind" = 'LOW_ENERGY_ON_TOPIC_DAYS'`);
    this.addSql(`alter table "progress"."insights" drop constraint "insights_kind_check"`);
    this.addSql(`alter table "progress"."insights" add constraint "insights_kind_check" check ("kind" in ('LOW_ENERGY_AFTER_MISSED', 'HIGHER_ENERGY_ON_KEPT_DAYS', 'MISSES_ON_ONE_WEEKDAY'))`);
    this.addSql(`alter table "progress"."note_changes" drop column "category"`);
  }
}
