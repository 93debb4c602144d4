import { Injectable } from '@nestjs/common';

import { ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { CoachTurnService } from './coach-turn.service';

/**
 * Chat consumes its own chat.message.created to run the coach's turn: durable (a crash mid-turn
 * is redelivered), shared by replicas, one user's messages in order. The model call runs inside
 * the consumer's transaction: fewer turns at once than the pool's ten connections. The consumer
 * keeps a long turn alive with in-progress acks, so the ack wait stays short: the turns of a
 * replica that died are redelivered to another within 10 seconds.
 */
@Injectable()
export class CoachTurnHandler {
  constructor(private readonly turns: CoachTurnService) {}

  @OnMessage(ChatMessageCreated, { handlerName: 'coach-turn', concurrency: 4, ackWaitMs: 10_000 })
  async onMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: HandlerContext): Promise<void> {
    if (message.role === 'USER') await this.turns.answer(context, message.id);
  }
}
