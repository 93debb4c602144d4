import { Injectable } from '@nestjs/common';

import { UserErased } from '@tandem/contracts';
import type { Transaction } from '@tandem/messaging';

import { OrganisationRepository } from '../organisations/organisation.repository';
import { TeamProfileRepository } from '../profiles/team-profile.repository';
import { SuggestionRepository } from '../suggestions/suggestion.repository';

/** Erases a deleted user from team-connections: profile, suggestions on either side, membership, blocks either way, invitations. */
@Injectable()
export class ErasureService {
  constructor(
    private readonly profiles: TeamProfileRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async erase(tx: Transaction, userId: string): Promise<number> {
    const erasedRows = (await this.profiles.deleteOf(tx.em, userId)) + (await this.suggestions.deleteAllOf(tx.em, userId)) + (await this.organisations.deleteAllOf(tx.em, userId));
    tx.emit(UserErased, { userId, service: 'team-connections', erasedRows }, { userId });
    return erasedRows;
  }
}
