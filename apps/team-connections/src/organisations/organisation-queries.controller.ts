import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  BlockColleague,
  ClaimDomain,
  CreateInvitation,
  CreateOrganisation,
  GetOrganisation,
  GetOrganisationAnalytics,
  JoinOrganisation,
  JoinOrganisationByDomain,
  ListBlocks,
  ListBlocksV1,
  ListDomains,
  ListDomainsV1,
  UnblockColleague,
  VerifyDomain,
  type PayloadOf,
  type ResponseOf,
} from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { OrganisationService } from './organisation.service';

type Answer<C extends Parameters<typeof AnswerQuery>[0]> = Promise<ResponseOf<C>>;

/** Request/reply for the gateway: organisations, their invitations and domains, and blocks. */
@Controller()
export class OrganisationQueriesController {
  constructor(private readonly organisations: OrganisationService) {}

  @AnswerQuery(CreateOrganisation)
  create(@Payload() { userId, name }: PayloadOf<typeof CreateOrganisation>): Answer<typeof CreateOrganisation> {
    return this.organisations.create(userId, name);
  }

  @AnswerQuery(GetOrganisation)
  get(@Payload() { userId }: PayloadOf<typeof GetOrganisation>): Answer<typeof GetOrganisation> {
    return this.organisations.get(userId);
  }

  @AnswerQuery(CreateInvitation)
  invite(@Payload() { userId, expiresInHours }: PayloadOf<typeof CreateInvitation>): Answer<typeof CreateInvitation> {
    return this.organisations.invite(userId, expiresInHours);
  }

  @AnswerQuery(JoinOrganisation)
  join(@Payload() { userId, invitation }: PayloadOf<typeof JoinOrganisation>): Answer<typeof JoinOrganisation> {
    return this.organisations.join(userId, invitation);
  }

  @AnswerQuery(JoinOrganisationByDomain)
  joinByDomain(@Payload() { userId, email }: PayloadOf<typeof JoinOrganisationByDomain>): Answer<typeof JoinOrganisationByDomain> {
    return this.organisations.joinByDomain(userId, email);
  }

  @AnswerQuery(ClaimDomain)
  claimDomain(@Payload() { userId, domain }: PayloadOf<typeof ClaimDomain>): Answer<typeof ClaimDomain> {
    return this.organisations.claimDomain(userId, domain);
  }

  @AnswerQuery(ListDomains)
  domains(@Payload() { userId, cursor, limit }: PayloadOf<typeof ListDomains>): Answer<typeof ListDomains> {
    return this.organisations.domains(userId, { cursor, limit });
  }

  /** Version 1's callers get every domain, without a cursor. */
  @AnswerQuery(ListDomainsV1)
  async domainsV1(@Payload() { userId }: PayloadOf<typeof ListDomainsV1>): Answer<typeof ListDomainsV1> {
    return { items: (await this.organisations.domains(userId)).items };
  }

  @AnswerQuery(VerifyDomain)
  verifyDomain(@Payload() request: PayloadOf<typeof VerifyDomain>): Answer<typeof VerifyDomain> {
    return this.organisations.verifyDomain(request);
  }

  @AnswerQuery(GetOrganisationAnalytics)
  analytics(@Payload() { userId }: PayloadOf<typeof GetOrganisationAnalytics>): Answer<typeof GetOrganisationAnalytics> {
    return this.organisations.analytics(userId);
  }

  @AnswerQuery(BlockColleague)
  block(@Payload() { userId, blockedUserId }: PayloadOf<typeof BlockColleague>): Answer<typeof BlockColleague> {
    return this.organisations.block(userId, blockedUserId);
  }

  @AnswerQuery(UnblockColleague)
  unblock(@Payload() { userId, blockedUserId }: PayloadOf<typeof UnblockColleague>): Answer<typeof UnblockColleague> {
    return this.organisations.unblock(userId, blockedUserId);
  }

  @AnswerQuery(ListBlocks)
  blocks(@Payload() { userId, cursor, limit }: PayloadOf<typeof ListBlocks>): Answer<typeof ListBlocks> {
    return this.organisations.blocks(userId, { cursor, limit });
  }

  /** Version 1's callers get the newest 500, without a cursor. */
  @AnswerQuery(ListBlocksV1)
  async blocksV1(@Payload() { userId }: PayloadOf<typeof ListBlocksV1>): Answer<typeof ListBlocksV1> {
    return { items: (await this.organisations.blocks(userId)).items };
  }
}
