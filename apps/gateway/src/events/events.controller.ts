import { Controller, Headers, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Observable } from 'rxjs';

import { CurrentUser, StreamTicketAllowed, type AuthenticatedUser } from '../auth/auth.decorators';
import { LIVE_EVENT_TYPES, sseContent } from '../http/openapi-sse';
import { LiveEventsService } from './live-events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly live: LiveEventsService) {}

  @Sse()
  @ApiOperation({ summary: 'My live events (Server-Sent Events)' })
  @StreamTicketAllowed()
  @ApiQuery({ name: 'ticket', required: false, description: 'A single-use stream ticket (POST /v1/auth/stream-tickets), for an EventSource that cannot send a bearer header' })
  @ApiTooManyRequestsResponse({ description: 'The user already holds SSE_MAX_STREAMS_PER_USER event streams' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (durable events only)' })
  @ApiOkResponse({
    description: "Server-Sent Events: the caller's live events (`id` on durable ones, for Last-Event-ID), coach reply tokens, and `heartbeat` events that keep the connection open",
    content: sseContent(LIVE_EVENT_TYPES, 'Server-Sent Events: `event: <type>`, `id: <n>` on durable events, `data: <JSON>`.'),
  })
  stream(@CurrentUser() user: AuthenticatedUser, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.live.stream(user, lastEventId);
  }
}
