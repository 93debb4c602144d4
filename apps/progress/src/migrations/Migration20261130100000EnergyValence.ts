import { Migration } from '@mikro-orm/migrations';

/**
 * The valence of the emotion an INFERRED energy entry was read from: the check-in scheduler's
 * nudge counts recent negative emotions (with missed commitments and low energy, the coach checks
 * in gently rather than sending another reminder).
 */
export class Migration20261130100000EnergyValence extends Migration {
  override up(): void {
    this.addSql(`alter table "progress"."energy_metrics" add column "emotion_valence" text null`);
    this.addSql(
      `alter table "progress"."energy_metrics" add constraint "energy_metrics_emotion_valence_check" check ("emotion_valence" is null or ("source" = 'INFERRED' and "emotion_valence" in ('POSITIVE', 'NEUTRAL', 'NEGATIVE')))`,
    );
  }

  override down(): void {
    this.addSql(`alter table "progress"."energy_metrics" drop column "emotion_valence"`);
  }
}
