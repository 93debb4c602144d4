import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';

import { ListCoachActions, RateConversation, StartConversation, type ConversationView, type ResponseOf } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ConversationDto } from './chat.dto';
import { CoachActionPageDto, ConversationFeedbackDto, ListCoachActionsQueryDto, StartConversationDto } from './sessions.dto';

/**
 * Document 003's coaching sessions: starting one of a session type, the user's satisfaction with
 * it, and the actions the coach took, by type. Answered by chat; another user's conversation is a
 * 404 there, exactly like a missing one.
 */
@ApiTags('chat')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'chat did not answer in time' })
@Controller('chat')
export class SessionsController {
  constructor(private readonly services: ServiceQueries) {}

  @Post('conversations')
  @ApiOperation({ summary: 'Start a conversation of a session type; my open conversation is ended first, with its summary' })
  @ApiCreatedResponse({ type: ConversationDto })
  @ApiConflictResponse({ description: 'Another conversation was started at the same time' })
  start(@CurrentUser() user: AuthenticatedUser, @Body() body: StartConversationDto): Promise<ConversationView> {
    return this.services.ask(StartConversation, user.id, body);
  }

  @Put('conversations/:id/feedback')
  @ApiOperation({ summary: 'How satisfied I am with one of my conversations: 1-5 and a comment (given again, it replaces the last)' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiNotFoundResponse()
  feedback(@CurrentUser() user: AuthenticatedUser, @Param('id', new UuidParamPipe()) id: string, @Body() body: ConversationFeedbackDto): Promise<ConversationView> {
    return this.services.ask(RateConversation, user.id, { conversationId: id, ...body });
  }

  @Get('actions')
  @ApiOperation({ summary: 'The actions the coach took for me, newest first; with type (and status), only those' })
  @ApiOkResponse({ type: CoachActionPageDto })
  actions(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCoachActionsQueryDto): Promise<ResponseOf<typeof ListCoachActions>> {
    return this.services.ask(ListCoachActions, user.id, query);
  }
}
