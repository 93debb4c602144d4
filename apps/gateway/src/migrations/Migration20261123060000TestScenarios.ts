import { Migration } from '@mikro-orm/migrations';

/** The three scenarios shipped with Tandem (docs/test-scenarios.md). Frozen here: later changes are new migrations. */
const SHIPPED = [
  {
    name: 'new-user',
    description: 'A freshly registered person: an account and a coach state at the start, nothing else.',
    template: { user: { firstName: 'Nova', lastName: 'Newcomer' } },
  },
  {
    name: 'mid-refinement',
    description: 'A person refining identities: three identities (one accepted and current, with an affirmation), a short chat, three notes.',
    template: {
      user: { firstName: 'Riley', lastName: 'Refiner' },
      coach: { phase: 'IDENTITY_REFINEMENT' },
      identities: [
        { category: 'HEALTH', name: 'Steady Runner', state: 'PROPOSED' },
        { category: 'RELATIONSHIPS', name: 'Present Friend', affirmation: 'I make time for the people I love.', state: 'PROPOSED' },
        {
          category: 'CAREER',
          name: 'Creative Innovator',
          affirmation: 'I turn bold ideas into things people use.',
          visualization: 'I see myself demoing a prototype to a room that leans in.',
          state: 'ACCEPTED',
        },
      ],
      messages: [
        { role: 'USER', content: 'I work as a product designer and I want more creative ownership at work.' },
        { role: 'COACH', content: 'That sounds like the Creative Innovator in you. What would creative ownership look like on a good day?' },
        { role: 'USER', content: 'Leading the early prototypes instead of polishing other people’s ideas.' },
        { role: 'COACH', content: 'Let us sharpen that identity: how would you say it as an affirmation, in the present tense?' },
      ],
      notes: [
        { note: 'Works as a product designer', category: 'background' },
        { note: 'Wants more creative ownership at work', category: 'goal' },
        { note: 'Values time with close friends', category: 'value' },
      ],
    },
  },
  {
    name: 'team-of-ten',
    description: 'A person with a team profile in a company of ten: them and nine colleagues with profiles and varied expertise.',
    template: {
      user: { firstName: 'Tess', lastName: 'Teammate' },
      profile: { company: 'Lion Software', department: 'Product', role: 'Product Manager', expertiseAreas: ['product strategy', 'user research'], availability: 'available', connectionOptIn: true },
      colleagues: [
        ['Ada', 'Lovelace', 'Engineering', 'Staff Engineer', ['typescript', 'distributed systems', 'postgres']],
        ['Grace', 'Hopper', 'Engineering', 'Engineering Manager', ['compilers', 'mentoring', 'hiring']],
        ['Alan', 'Turing', 'Data', 'Data Scientist', ['machine learning', 'statistics', 'python']],
        ['Katherine', 'Johnson', 'Data', 'Analytics Lead', ['data analysis', 'forecasting', 'sql']],
        ['Don', 'Norman', 'Design', 'Design Lead', ['user research', 'interaction design', 'accessibility']],
        ['Margaret', 'Hamilton', 'Engineering', 'Reliability Engineer', ['incident response', 'kubernetes', 'observability']],
        ['Mary', 'Parker', 'People', 'People Partner', ['coaching', 'conflict resolution', 'onboarding']],
        ['Peter', 'Drucker', 'Operations', 'Operations Manager', ['process design', 'budgeting', 'vendor management']],
        ['Brene', 'Brown', 'Marketing', 'Content Strategist', ['storytelling', 'public speaking', 'product strategy']],
      ].map(([firstName, lastName, department, role, expertiseAreas]) => ({
        firstName,
        lastName,
        profile: { company: 'Lion Software', department, role, expertiseAreas, availability: 'available', connectionOptIn: true },
      })),
    },
  },
];

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Test scenarios (document 002's TestScenario, in the gateway's schema) and the runs that load them. */
export class Migration20261123060000TestScenarios extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."test_scenarios" (
      "id" uuid primary key,
      "name" text not null,
      "description" text null,
      "template" jsonb not null,
      "created_by" uuid null references "accounts"."users" ("id") on delete set null,
      "is_active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "test_scenarios_name_key" unique ("name"),
      constraint "test_scenarios_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    this.addSql(`create index "test_scenarios_created_by_idx" on "accounts"."test_scenarios" ("created_by")`);
    this.addSql(`create index "test_scenarios_created_at_idx" on "accounts"."test_scenarios" ("created_at")`);
    this.addSql(`create index "test_scenarios_updated_at_idx" on "accounts"."test_scenarios" ("updated_at")`);

    this.addSql(`create table "accounts"."test_scenario_runs" (
      "id" uuid primary key,
      "test_scenario_id" uuid not null references "accounts"."test_scenarios" ("id") on delete cascade,
      "user_ids" jsonb not null,
      "loaded_at" timestamptz not null,
      "reset_requested_at" timestamptz null,
      "cleared_at" timestamptz null,
      "applied" jsonb not null default '{}',
      "cleared" jsonb not null default '{}')`);
    this.addSql(`create index "test_scenario_runs_test_scenario_id_idx" on "accounts"."test_scenario_runs" ("test_scenario_id", "loaded_at")`);
    // At most one run of a scenario not yet cleared: a load while one is loaded is refused.
    this.addSql(`create unique index "test_scenario_runs_one_open_idx" on "accounts"."test_scenario_runs" ("test_scenario_id") where "cleared_at" is null`);

    for (const { name, description, template } of SHIPPED) {
      this.addSql(
        `insert into "accounts"."test_scenarios" ("id", "name", "description", "template") values (gen_random_uuid(), ${literal(name)}, ${literal(description)}, ${literal(JSON.stringify(template))}::jsonb)`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table if exists "accounts"."test_scenario_runs"');
    this.addSql('drop table if exists "accounts"."test_scenarios"');
  }
}
