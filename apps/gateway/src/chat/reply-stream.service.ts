import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { COACH_TOKEN, PostChatMessage, type LiveMessage, type ResponseOf } from '@tandem/contracts';

import { LiveEventsService } from '../events/live-events.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { ServiceQueries } from '../http/service-queries';

type Posted = ResponseOf<typeof PostChatMessage>;

/**
 * POST /v1/chat/messages with `Accept: text/event-stream`: the coach's reply on the same
 * response. It listens on the user's live subject before posting (no token can slip by), then
 * writes `accepted`, each `chat.token` of this turn, and ends with the stored reply
 * (`chat.message.created`) or `chat.turn.failed`.
 */
@Injectable()
export class ReplyStreamService {
  private readonly logger = new Logger(ReplyStreamService.name);

  constructor(
    private readonly live: LiveEventsService,
    private readonly services: ServiceQueries,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async stream(userId: string, request: { content: string; conversationId?: string; idempotencyKey?: string }, response: Response): Promise<void> {
    let posted: Posted | null = null;
    const early: LiveMessage[] = [];
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));

    const write = (message: LiveMessage) => response.write(`event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`);
    const handle = (message: LiveMessage) => {
      if (!posted) return void early.push(message);
      const ending = belongsTo(message, posted.messageId);
      if (ending === undefined) return;
      write(message);
      if (ending) finish();
    };

    const unsubscribe = this.live.listen(userId, handle);
    try {
      posted = await this.services.ask(PostChatMessage, userId, request);
    } catch (error) {
      unsubscribe();
      throw error; // nothing written yet: the error filter answers with JSON
    }
    response.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    response.flushHeaders();
    write({ type: 'accepted', data: posted });
    if (posted.replayed) {
      // A retry of a message already stored: its reply may be long gone from the live subject.
      unsubscribe();
      response.end();
      return;
    }
    early.splice(0).forEach(handle);

    const timeout = setTimeout(() => {
      this.logger.warn(`no reply to ${posted!.messageId} within ${this.config.CHAT_REPLY_TIMEOUT_MS} ms`);
      write({ type: 'chat.reply.timeout', data: { ...posted, message: 'The reply is taking longer than usual; it will arrive on GET /v1/events' } });
      finish();
    }, this.config.CHAT_REPLY_TIMEOUT_MS);
    response.on('close', finish);
    await done;
    clearTimeout(timeout);
    unsubscribe();
    response.end();
  }
}

/** undefined: not part of this turn; false: part of it; true: its last message. */
function belongsTo({ type, data }: LiveMessage, userMessageId: string): boolean | undefined {
  const payload = data as { userMessageId?: string; message?: { inReplyTo?: string | null } };
  if (type === COACH_TOKEN) return payload.userMessageId === userMessageId ? false : undefined;
  if (type === 'chat.message.created') return payload.message?.inReplyTo === userMessageId ? true : undefined;
  if (type === 'chat.turn.failed') return payload.userMessageId === userMessageId ? true : undefined;
  return undefined;
}
