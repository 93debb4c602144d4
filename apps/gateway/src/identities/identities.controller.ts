import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

import {
  AcceptIdentityNow,
  ArchiveIdentityNow,
  CreateIdentityNow,
  DeleteIdentityNow,
  EditIdentity,
  GetIdentity,
  IdentityHistory,
  ListIdentities,
  type IdentityView,
  type ResponseOf,
} from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateIdentityDto, EditIdentityDto, GetIdentityQueryDto, IdentityDto, IdentityHistoryDto, IdentityHistoryQueryDto, IdentityListDto, ListIdentitiesQueryDto } from './identity.dto';

const identityId = new UuidParamPipe();

/**
 * The user's identities, answered by the identities service. Every request carries the caller's
 * id from the token, so another user's identity is a 404 there, exactly like a missing one.
 */
@ApiTags('identities')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'identities did not answer in time' })
@Controller('identities')
export class IdentitiesController {
  constructor(private readonly services: ServiceQueries) {}

  @Get()
  @ApiOperation({ summary: 'My identities, oldest first, a page at a time; with q, searched by full text' })
  @ApiOkResponse({ type: IdentityListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListIdentitiesQueryDto): Promise<ResponseOf<typeof ListIdentities>> {
    return this.services.ask(ListIdentities, user.id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an identity of my own (PROPOSED, as the coach proposes them)' })
  @ApiCreatedResponse({ type: IdentityDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() identity: CreateIdentityDto): Promise<IdentityView> {
    return this.services.ask(CreateIdentityNow, user.id, identity);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my identities; with asOf, as it was then' })
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse({ description: 'Not mine, or it did not exist yet at asOf' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string, @Query() query: GetIdentityQueryDto): Promise<IdentityView> {
    return this.services.ask(GetIdentity, user.id, { identityId: id, ...query });
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The versions of one of my identities, oldest first, a page at a time' })
  @ApiOkResponse({ type: IdentityHistoryDto })
  @ApiNotFoundResponse()
  history(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string, @Query() query: IdentityHistoryQueryDto): Promise<ResponseOf<typeof IdentityHistory>> {
    return this.services.ask(IdentityHistory, user.id, { identityId: id, ...query });
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive one of my identities: it stops counting as current or proposed' })
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already archived' })
  archive(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string): Promise<IdentityView> {
    return this.services.ask(ArchiveIdentityNow, user.id, { identityId: id });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of my identities and its history' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async delete(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string): Promise<void> {
    await this.services.ask(DeleteIdentityNow, user.id, { identityId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit one of my identities' })
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The identity is archived' })
  edit(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string, @Body() changes: EditIdentityDto): Promise<IdentityView> {
    return this.services.ask(EditIdentity, user.id, { identityId: id, ...changes });
  }

  @Post(':id/accept')
  @ApiOperation({ summary: 'Accept an identity the coach proposed' })
  @HttpCode(200)
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a proposed identity can be accepted' })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string): Promise<IdentityView> {
    return this.services.ask(AcceptIdentityNow, user.id, { identityId: id });
  }
}
