import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';

import { ListIncomingConnections, ListSuggestions, RequestSuggestions, RespondToSuggestion, type IncomingConnectionView, type SuggestionResponse, type SuggestionView } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { IncomingConnectionListDto, ListSuggestionsQueryDto, RequestSuggestionsDto, SuggestionDto, SuggestionListDto } from './connections.dto';

const suggestionId = new ParseUUIDPipe();

/**
 * Colleague suggestions, answered by team-connections. Every request carries the caller's id from
 * the token, so another user's suggestion is a 404 there, exactly like a missing one.
 */
@ApiTags('team connections')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'team-connections did not answer in time' })
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly services: ServiceQueries) {}

  @Get('suggestions')
  @ApiOkResponse({ type: SuggestionListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListSuggestionsQueryDto): Promise<{ items: SuggestionView[] }> {
    return this.services.ask(ListSuggestions, user.id, query);
  }

  @Post('suggestions')
  @ApiCreatedResponse({ type: SuggestionListDto, description: 'The suggestions made, best first (empty when nobody fits)' })
  @ApiNotFoundResponse({ description: 'No team profile saved yet' })
  @ApiConflictResponse({ description: 'The team profile has no company' })
  request(@CurrentUser() user: AuthenticatedUser, @Body() body: RequestSuggestionsDto): Promise<{ items: SuggestionView[] }> {
    return this.services.ask(RequestSuggestions, user.id, body);
  }

  @Post('suggestions/:id/view')
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The suggestion was already answered or expired' })
  view(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'view');
  }

  @Post('suggestions/:id/connect')
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a suggested or viewed suggestion can be connected' })
  connect(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'connect');
  }

  @Post('suggestions/:id/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a suggested or viewed suggestion can be declined' })
  decline(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'decline');
  }

  @Get('incoming')
  @ApiOkResponse({ type: IncomingConnectionListDto, description: 'Colleagues who chose to connect with you: who and why' })
  incoming(@CurrentUser() user: AuthenticatedUser): Promise<{ items: IncomingConnectionView[] }> {
    return this.services.ask(ListIncomingConnections, user.id, {});
  }

  private respond(user: AuthenticatedUser, id: string, response: SuggestionResponse): Promise<SuggestionView> {
    return this.services.ask(RespondToSuggestion, user.id, { suggestionId: id, response });
  }
}
