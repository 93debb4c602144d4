import { z } from 'zod';

import { BlockColleague, ClaimDomain, CreateInvitation, CreateOrganisation, GetOrganisationAnalytics, JoinOrganisation, ListBlocks, ListDomains, VerifyDomain } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// team-connections' contracts (libs/contracts) are the schemas: the caller's id comes from the token.
export class CreateOrganisationDto extends RequestDto(CreateOrganisation.payload.omit({ userId: true })) {}
export class CreateInvitationDto extends RequestDto(CreateInvitation.payload.omit({ userId: true })) {}
export class JoinOrganisationDto extends RequestDto(JoinOrganisation.payload.omit({ userId: true })) {}
/** POST /v1/organisations/mine/domains and the operator's verification. */
export class DomainDto extends RequestDto(ClaimDomain.payload.omit({ userId: true })) {}
export class ListDomainsQueryDto extends RequestDto(ListDomains.payload.omit({ userId: true })) {}
export class ListBlocksQueryDto extends RequestDto(ListBlocks.payload.omit({ userId: true })) {}
/** POST /v1/connections/blocks: `userId` is the colleague to block (the contract's blockedUserId). */
export class BlockDto extends RequestDto(z.object({ userId: BlockColleague.payload.shape.blockedUserId })) {}

export class OrganisationDto extends ResponseDto(CreateOrganisation.response) {}
export class InvitationDto extends ResponseDto(CreateInvitation.response) {}
export class DomainViewDto extends ResponseDto(ClaimDomain.response) {}
export class VerifiedDomainDto extends ResponseDto(VerifyDomain.response) {}
export class DomainListDto extends ResponseDto(ListDomains.response) {}
export class OrganisationAnalyticsDto extends ResponseDto(GetOrganisationAnalytics.response) {}
export class BlockViewDto extends ResponseDto(BlockColleague.response) {}
export class BlockListDto extends ResponseDto(ListBlocks.response) {}
