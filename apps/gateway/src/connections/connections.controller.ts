import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';

import {
  AnswerConnectionRequest,
  BlockColleague,
  ListBlocks,
  ListIncomingConnections,
  ListSuggestions,
  RequestSuggestions,
  RespondToSuggestion,
  UnblockColleague,
  type IncomingConnectionView,
  type ResponseOf,
  type SuggestionResponse,
  type SuggestionView,
} from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  IncomingConnectionDto,
  IncomingConnectionListDto,
  ListIncomingConnectionsQueryDto,
  ListSuggestionsQueryDto,
  MadeSuggestionsDto,
  RequestSuggestionsDto,
  SuggestionDto,
  SuggestionListDto,
} from './connections.dto';
import { BlockDto, BlockListDto, BlockViewDto, ListBlocksQueryDto } from './organisations.dto';

const suggestionId = new UuidParamPipe(); // any id in a path

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
  @ApiOperation({ summary: 'Colleagues suggested to me, newest first, a page at a time' })
  @ApiOkResponse({ type: SuggestionListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListSuggestionsQueryDto): Promise<ResponseOf<typeof ListSuggestions>> {
    return this.services.ask(ListSuggestions, user.id, query);
  }

  @Post('suggestions')
  @ApiOperation({ summary: 'Ask for colleagues who can help with a context' })
  @ApiCreatedResponse({ type: MadeSuggestionsDto, description: 'The suggestions made, best first (empty when nobody fits)' })
  @ApiNotFoundResponse({ description: 'No team profile saved yet' })
  @ApiConflictResponse({ description: 'You belong to no organisation' })
  request(@CurrentUser() user: AuthenticatedUser, @Body() body: RequestSuggestionsDto): Promise<{ items: SuggestionView[] }> {
    return this.services.ask(RequestSuggestions, user.id, body);
  }

  @Post('suggestions/:id/view')
  @ApiOperation({ summary: 'Mark a suggestion as seen' })
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The suggestion was already answered or expired' })
  view(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'view');
  }

  @Post('suggestions/:id/connect')
  @ApiOperation({ summary: 'Ask to connect with a suggested colleague' })
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a suggested or viewed suggestion can be connected' })
  @ApiNotFoundResponse({ description: 'Not yours, or the colleague is no longer there (also when they blocked you)' })
  connect(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'connect');
  }

  @Post('suggestions/:id/decline')
  @ApiOperation({ summary: 'Decline a suggestion' })
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Only a suggested or viewed suggestion can be declined' })
  decline(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<SuggestionView> {
    return this.respond(user, id, 'decline');
  }

  @Get('incoming')
  @ApiOperation({ summary: 'Colleagues asking to connect with me, newest first, a page at a time' })
  @ApiOkResponse({ type: IncomingConnectionListDto, description: 'Requests from colleagues who chose to connect with you: who and why, pending or answered' })
  incoming(@CurrentUser() user: AuthenticatedUser, @Query() query: ListIncomingConnectionsQueryDto): Promise<ResponseOf<typeof ListIncomingConnections>> {
    return this.services.ask(ListIncomingConnections, user.id, query);
  }

  @Post('incoming/:id/accept')
  @ApiOperation({ summary: "Accept a colleague's request to connect" })
  @HttpCode(200)
  @ApiOkResponse({ type: IncomingConnectionDto })
  @ApiNotFoundResponse({ description: 'No such request to you' })
  @ApiConflictResponse({ description: 'Already answered' })
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<IncomingConnectionView> {
    return this.services.ask(AnswerConnectionRequest, user.id, { suggestionId: id, answer: 'accept' });
  }

  @Post('incoming/:id/decline')
  @ApiOperation({ summary: "Decline a colleague's request to connect" })
  @HttpCode(200)
  @ApiOkResponse({ type: IncomingConnectionDto })
  @ApiNotFoundResponse({ description: 'No such request to you' })
  @ApiConflictResponse({ description: 'Already answered' })
  declineRequest(@CurrentUser() user: AuthenticatedUser, @Param('id', suggestionId) id: string): Promise<IncomingConnectionView> {
    return this.services.ask(AnswerConnectionRequest, user.id, { suggestionId: id, answer: 'decline' });
  }

  @Get('blocks')
  @ApiOperation({ summary: 'Colleagues I blocked, newest first, a page at a time' })
  @ApiOkResponse({ type: BlockListDto, description: 'Colleagues you blocked' })
  blocks(@CurrentUser() user: AuthenticatedUser, @Query() query: ListBlocksQueryDto): Promise<ResponseOf<typeof ListBlocks>> {
    return this.services.ask(ListBlocks, user.id, query);
  }

  @Post('blocks')
  @ApiOperation({ summary: 'Block a colleague from suggestions and requests' })
  @ApiCreatedResponse({ type: BlockViewDto, description: 'Neither of you is suggested to the other; their requests no longer reach you' })
  @ApiNotFoundResponse({ description: 'No such colleague in your organisation' })
  block(@CurrentUser() user: AuthenticatedUser, @Body() body: BlockDto): Promise<ResponseOf<typeof BlockColleague>> {
    return this.services.ask(BlockColleague, user.id, { blockedUserId: body.userId });
  }

  @Delete('blocks/:userId')
  @ApiOperation({ summary: 'Unblock a colleague' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'You have not blocked this person' })
  async unblock(@CurrentUser() user: AuthenticatedUser, @Param('userId', suggestionId) userId: string): Promise<void> {
    await this.services.ask(UnblockColleague, user.id, { blockedUserId: userId });
  }

  private respond(user: AuthenticatedUser, id: string, response: SuggestionResponse): Promise<SuggestionView> {
    return this.services.ask(RespondToSuggestion, user.id, { suggestionId: id, response });
  }
}
