import { Injectable } from '@nestjs/common';

import { SaveTeamProfile, type PayloadOf, type TestScenarioLoaded, type TestScenarioReset } from '@tandem/contracts';
import type { TestScenarioPart, Transaction } from '@tandem/messaging';

import { OrganisationRepository } from '../organisations/organisation.repository';
import { TeamProfile } from '../profiles/team-profile.entity';
import { TeamProfileService } from '../profiles/team-profile.service';
import { ConnectionSuggestion } from '../suggestions/connection-suggestion.entity';

/**
 * team-connections' part of a test scenario: the account's team profile, saved (and embedded) as
 * any profile is, tagged with the scenario, and membership of the scenario's organisation for its
 * company (one per scenario and company, made by whichever account applies first; the profile
 * with `organisationAdmin` is its admin). Colleagues are accounts of their own, each with its own
 * test-scenario.loaded.
 */
@Injectable()
export class TeamScenarios implements TestScenarioPart {
  constructor(
    private readonly profiles: TeamProfileService,
    private readonly organisations: OrganisationRepository,
  ) {}

  async apply(tx: Transaction, { userId, scenarioId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    if (!template.profile) return 0;
    const { firstName, lastName } = template.user;
    const displayName = [firstName, lastName].filter(Boolean).join(' ') || null;
    const { organisationAdmin, ...profile } = template.profile;
    await this.profiles.save(SaveTeamProfile.payload.parse({ userId, displayName, ...profile }), { tx, testScenarioId: scenarioId });
    const organisationId = await this.organisations.scenarioOrganisation(tx.em, profile.company, scenarioId);
    await this.organisations.addMember(tx.em, organisationId, userId, organisationAdmin ? 'admin' : 'member', 'scenario', scenarioId);
    return 2;
  }

  /** Deletes exactly the profiles and suggestions tagged with the scenario. */
  async clear(tx: Transaction, { scenarioId }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    const suggestions = await tx.em.nativeDelete(ConnectionSuggestion, { testScenarioId: scenarioId });
    const profiles = await tx.em.nativeDelete(TeamProfile, { testScenarioId: scenarioId });
    return suggestions + profiles + (await this.organisations.deleteScenario(tx.em, scenarioId));
  }
}
