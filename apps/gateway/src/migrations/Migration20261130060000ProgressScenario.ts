import { Migration } from '@mikro-orm/migrations';

/** 'mid-refinement' gains progress's part: one goal with a weekday commitment due tomorrow (docs/test-scenarios.md). */
const GOALS = [
  {
    title: 'Lead one prototype a month',
    why: 'Creative ownership at work',
    commitments: [{ title: 'Sketch one idea before lunch', dueInMinutes: 1440, schedule: 'WEEKDAYS' }],
  },
];

export class Migration20261130060000ProgressScenario extends Migration {
  override up(): void {
    this.addSql(
      `update "accounts"."test_scenarios" set "template" = "template" || jsonb_build_object('goals', '${JSON.stringify(GOALS).replaceAll("'", "''")}'::jsonb) where "name" = 'mid-refinement'`,
    );
  }

  override down(): void {
    this.addSql(`update "accounts"."test_scenarios" set "template" = "template" - 'goals' where "name" = 'mid-refinement'`);
  }
}
