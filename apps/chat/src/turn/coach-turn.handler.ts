import { Injectable } from '@nestjs/common';

import { ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { readChatConfig } from '../chat.config';
import { CoachTurnService } from './coach-turn.service';

/**
 * Chat consumes its own chat.message.created to run the coach's turn: durable (a crash mid-turn
 * is redelivered), shared by replicas, one user's messages in order. The model call runs inside
 * the consumer's transaction: fewer turns at once than the pool's ten connections, and an ack
 * wait longer than a turn may take (read at load, as @AnswerQuery reads the bus namespace).
 */
@Injectable()
export class CoachTurnHandler {
  constructor(private readonly turns: CoachTurnService) {}

  @OnMessage(ChatMessageCreated, { handlerName: 'coach-turn', concurrency: 4, ackWaitMs: readChatConfig().CHAT_TURN_TIMEOUT_MS + 30_000 })
  async onMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: HandlerContext): Promise<void> {
    if (message.role === 'USER') await this.turns.answer(context, message.id);
  }
}
