import { Migration } from '@mikro-orm/migrations';

/**
 * `team-of-ten` becomes an organisation (issue 17): team-connections puts a scenario's accounts
 * with the same company into one organisation of the scenario; Tess, the person logged in as, is
 * its admin (so a tester sees the admin side: invitations, domains, analytics).
 */
export class Migration20261130051000TeamOfTenOrganisation extends Migration {
  override up(): void {
    this.addSql(
      `update "accounts"."test_scenarios" set "template" = jsonb_set("template", '{profile,organisationAdmin}', 'true'::jsonb),
         "description" = 'A person in an organisation of ten (its admin): them and nine colleagues with team profiles and varied expertise.', "updated_at" = now()
       where "name" = 'team-of-ten' and "template" ? 'profile'`,
    );
  }

  override down(): void {
    this.addSql(`update "accounts"."test_scenarios" set "template" = "template" #- '{profile,organisationAdmin}' where "name" = 'team-of-ten'`);
  }
}
