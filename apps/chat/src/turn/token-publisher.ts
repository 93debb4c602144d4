import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';

import { COACH_TOKEN, liveSubject, type CoachToken, type LiveMessage } from '@tandem/contracts';
import { BUS_NAMES, NATS_CONNECTION, type BusNames } from '@tandem/messaging';

/** Pieces of a reply that arrive within this long of the last one sent travel together. */
export const TOKEN_COALESCE_MS = 50;

export interface ReplyTokens {
  /** The model's next piece of text. */
  send(text: string): void;
  /** The reply is complete: sends what is still held. */
  end(): void;
}

/**
 * Streams the pieces of a coach reply to the user's open clients on core NATS: ephemeral and
 * best effort. A lost piece costs nothing durable: the whole reply arrives as chat.message.created.
 * The first piece goes at once (time to first token); later ones are joined into one live message
 * per TOKEN_COALESCE_MS, so a fast model costs one publish, one gateway event and one SSE write
 * per 50 ms, not per word.
 */
@Injectable()
export class TokenPublisher {
  private readonly logger = new Logger(TokenPublisher.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMES) private readonly names: BusNames,
  ) {}

  /** A publisher for one reply: pieces are numbered from 0 in the order they are sent. */
  forReply(userId: string, conversationId: string, userMessageId: string): ReplyTokens {
    const subject = this.names.subject(liveSubject(userId));
    let index = 0;
    let held = '';
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!held) return;
      const token: CoachToken = { conversationId, userMessageId, index: index++, text: held };
      held = '';
      const message: LiveMessage = { type: COACH_TOKEN, data: token };
      try {
        this.nc.publish(subject, JSON.stringify(message));
      } catch (error) {
        this.logger.warn(`token ${token.index} of the reply to ${userMessageId} not sent: ${(error as Error).message}`);
      }
    };
    return {
      send: (text) => {
        held += text;
        if (index === 0) flush();
        else timer ??= setTimeout(flush, TOKEN_COALESCE_MS);
      },
      end: flush,
    };
  }
}
