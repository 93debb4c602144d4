import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';

import { AcceptIdentityNow, EditIdentity, GetIdentity, ListIdentities, type IdentityView } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { EditIdentityDto, IdentityDto, IdentityListDto, ListIdentitiesQueryDto } from './identity.dto';

const identityId = new ParseUUIDPipe();

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
  @ApiOkResponse({ type: IdentityListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListIdentitiesQueryDto): Promise<{ items: IdentityView[] }> {
    return this.services.ask(ListIdentities, user.id, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string): Promise<IdentityView> {
    return this.services.ask(GetIdentity, user.id, { identityId: id });
  }

  @Patch(':id')
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The identity is archived' })
  edit(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string, @Body() changes: EditIdentityDto): Promise<IdentityView> {
    return this.services.ask(EditIdentity, user.id, { identityId: id, ...changes });
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: IdentityDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a proposed identity can be accepted' })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', identityId) id: string): Promise<IdentityView> {
    return this.services.ask(AcceptIdentityNow, user.id, { identityId: id });
  }
}
