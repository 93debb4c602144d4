import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

import {
  ClaimDomain,
  CreateInvitation,
  CreateOrganisation,
  GetOrganisation,
  GetOrganisationAnalytics,
  JoinOrganisation,
  JoinOrganisationByDomain,
  ListDomains,
  VerifyDomain,
  type ResponseOf,
} from '@tandem/contracts';

import { ProfileService } from '../accounts/profile.service';
import { AdminOnly, CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import {
  CreateInvitationDto,
  CreateOrganisationDto,
  DomainDto,
  DomainListDto,
  DomainViewDto,
  ListDomainsQueryDto,
  InvitationDto,
  JoinOrganisationDto,
  OrganisationAnalyticsDto,
  OrganisationDto,
  VerifiedDomainDto,
} from './organisations.dto';

/**
 * Organisations, kept by team-connections: the boundary of colleague matching. Routes act on the
 * caller's own organisation ("mine"), so no organisation id is ever taken from a request.
 */
@ApiTags('team connections')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'team-connections did not answer in time' })
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly services: ServiceQueries,
    private readonly accounts: ProfileService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an organisation (I become its owner)' })
  @ApiCreatedResponse({ type: OrganisationDto, description: 'You are its admin' })
  @ApiConflictResponse({ description: 'You already belong to an organisation' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateOrganisationDto): Promise<ResponseOf<typeof CreateOrganisation>> {
    return this.services.ask(CreateOrganisation, user.id, body);
  }

  @Get('mine')
  @ApiOperation({ summary: 'My organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: 'You belong to no organisation' })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof GetOrganisation>> {
    return this.services.ask(GetOrganisation, user.id, {});
  }

  @Post('mine/invitations')
  @ApiOperation({ summary: 'Invite colleagues to my organisation' })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiForbiddenResponse({ description: 'Only admins invite' })
  invite(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateInvitationDto): Promise<ResponseOf<typeof CreateInvitation>> {
    return this.services.ask(CreateInvitation, user.id, body);
  }

  @Post('join')
  @ApiOperation({ summary: 'Join an organisation with an invitation' })
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDto })
  @ApiBadRequestResponse({ description: 'invitation: unknown, expired or already used' })
  @ApiConflictResponse({ description: 'You already belong to an organisation' })
  join(@CurrentUser() user: AuthenticatedUser, @Body() body: JoinOrganisationDto): Promise<ResponseOf<typeof JoinOrganisation>> {
    return this.services.ask(JoinOrganisation, user.id, body);
  }

  @Post('join-by-email')
  @HttpCode(200)
  @ApiOperation({ summary: "Join the organisation that verified your account email's domain" })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiBadRequestResponse({ description: 'email: no organisation verified its domain' })
  @ApiForbiddenResponse({ description: 'Joining by domain is off on this deployment' })
  async joinByEmail(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof JoinOrganisationByDomain>> {
    const { email } = await this.accounts.get(user.id);
    return this.services.ask(JoinOrganisationByDomain, user.id, { email });
  }

  @Post('mine/domains')
  @ApiOperation({ summary: 'Claim an email domain for my organisation' })
  @ApiCreatedResponse({ type: DomainViewDto, description: 'Claimed; it admits nobody until an operator verifies it' })
  @ApiForbiddenResponse({ description: 'Only admins claim domains' })
  @ApiConflictResponse({ description: 'Another organisation claimed it' })
  claimDomain(@CurrentUser() user: AuthenticatedUser, @Body() body: DomainDto): Promise<ResponseOf<typeof ClaimDomain>> {
    return this.services.ask(ClaimDomain, user.id, body);
  }

  @Get('mine/domains')
  @ApiOperation({ summary: "My organisation's email domains, by name, a page at a time" })
  @ApiOkResponse({ type: DomainListDto })
  @ApiForbiddenResponse({ description: 'Admins only' })
  domains(@CurrentUser() user: AuthenticatedUser, @Query() query: ListDomainsQueryDto): Promise<ResponseOf<typeof ListDomains>> {
    return this.services.ask(ListDomains, user.id, query);
  }

  @Get('mine/analytics')
  @ApiOperation({ summary: "My organisation's connection analytics" })
  @ApiOkResponse({ type: OrganisationAnalyticsDto })
  @ApiForbiddenResponse({ description: 'Admins only' })
  analytics(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof GetOrganisationAnalytics>> {
    return this.services.ask(GetOrganisationAnalytics, user.id, {});
  }
}

/** The operator's side: recording that an organisation controls the domain it claimed (docs/team-connections.md). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The caller is not an admin' })
@AdminOnly()
@Controller('admin/organisations')
export class OrganisationsAdminController {
  constructor(private readonly services: ServiceQueries) {}

  @Post('domains/verify')
  @ApiOperation({ summary: "Verify an organisation's email domain (admins)" })
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedDomainDto })
  @ApiNotFoundResponse({ description: 'No organisation claimed the domain' })
  verify(@CurrentUser() admin: AuthenticatedUser, @Body() body: DomainDto): Promise<ResponseOf<typeof VerifyDomain>> {
    return this.services.ask(VerifyDomain, admin.id, body);
  }
}
