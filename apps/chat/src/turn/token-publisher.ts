import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';

import { COACH_TOKEN, liveSubject, type CoachToken, type LiveMessage } from '@tandem/contracts';
import { BUS_NAMES, NATS_CONNECTION, type BusNames } from '@tandem/messaging';

/**
 * Streams the pieces of a coach reply to the user's open clients on core NATS: ephemeral and
 * best effort. A lost piece costs nothing durable: the whole reply arrives as chat.message.created.
 */
@Injectable()
export class TokenPublisher {
  private readonly logger = new Logger(TokenPublisher.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMES) private readonly names: BusNames,
  ) {}

  /** A publisher for one reply: each call sends the next piece, numbered from 0. */
  forReply(userId: string, conversationId: string, userMessageId: string): (text: string) => void {
    const subject = this.names.subject(liveSubject(userId));
    let index = 0;
    return (text) => {
      const token: CoachToken = { conversationId, userMessageId, index: index++, text };
      const message: LiveMessage = { type: COACH_TOKEN, data: token };
      try {
        this.nc.publish(subject, JSON.stringify(message));
      } catch (error) {
        this.logger.warn(`token ${token.index} of the reply to ${userMessageId} not sent: ${(error as Error).message}`);
      }
    };
  }
}
