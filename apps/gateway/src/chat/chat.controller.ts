import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { EndConversation, ListChatMessages, ListConversations, PostChatMessage, type ResponseOf } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { REPLY_EVENT_TYPES, sseContent } from '../http/openapi-sse';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ChatMessageDto, ChatMessagePageDto, ConversationDto, ConversationPageDto, ListChatMessagesQueryDto, ListConversationsQueryDto, PostChatMessageDto, PostedChatMessageDto } from './chat.dto';
import { ReplyStreamService } from './reply-stream.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The user's conversation with the coach, answered by the chat service. */
@ApiTags('chat')
@ApiBearerAuth()
@ApiExtraModels(ChatMessageDto)
@ApiServiceUnavailableResponse({ description: 'chat did not answer in time' })
@Controller('chat')
export class ChatController {
  constructor(
    private readonly services: ServiceQueries,
    private readonly replies: ReplyStreamService,
  ) {}

  @Post('messages')
  @ApiOperation({ summary: 'Send the coach a message; the reply streams' })
  @ApiAcceptedResponse({ type: PostedChatMessageDto, description: 'The message is stored and the coach is answering: the reply arrives on GET /v1/events' })
  @ApiOkResponse({
    description: 'With `Accept: text/event-stream`: the message is stored and the reply streams on this response',
    content: sseContent(REPLY_EVENT_TYPES, '`accepted` (the ids), each `chat.token`, then `chat.message.created` (the stored reply) or `chat.turn.failed`.'),
  })
  @ApiNotFoundResponse({ description: 'conversationId is not one of yours' })
  @ApiConflictResponse({ description: 'The conversation has ended' })
  @ApiTooManyRequestsResponse({ description: 'Several of your messages are still waiting for the coach (see Retry-After)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any unique string (1-200 visible ASCII characters): a retry with the same key stores nothing new and returns the first ids' })
  async post(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: PostChatMessageDto,
    @Headers('accept') accept: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw new BadRequestException('Idempotency-Key must be 1-200 visible ASCII characters');
    const request = { ...body, ...(idempotencyKey ? { idempotencyKey } : {}), ...(user.firstName ? { userName: user.firstName } : {}) };
    if (accept?.includes('text/event-stream')) return this.replies.stream(user.id, request, response);
    response.status(202).json(await this.services.ask(PostChatMessage, user.id, request));
  }

  @Get('messages')
  @ApiOperation({ summary: 'My messages, newest first; with q, searched by full text' })
  @ApiOkResponse({ type: ChatMessagePageDto })
  messages(@CurrentUser() user: AuthenticatedUser, @Query() query: ListChatMessagesQueryDto): Promise<ResponseOf<typeof ListChatMessages>> {
    return this.services.ask(ListChatMessages, user.id, query);
  }

  @Get('conversations')
  @ApiOperation({ summary: 'My conversations, newest first' })
  @ApiOkResponse({ type: ConversationPageDto })
  conversations(@CurrentUser() user: AuthenticatedUser, @Query() query: ListConversationsQueryDto): Promise<ResponseOf<typeof ListConversations>> {
    return this.services.ask(ListConversations, user.id, query);
  }

  @Post('conversations/:id/end')
  @ApiOperation({ summary: 'End a conversation; the coach summarises it' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationDto, description: 'The conversation, ended, with the summary the coach wrote' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'It had already ended' })
  end(@CurrentUser() user: AuthenticatedUser, @Param('id', new UuidParamPipe()) id: string): Promise<ResponseOf<typeof EndConversation>> {
    return this.services.ask(EndConversation, user.id, { conversationId: id });
  }
}
