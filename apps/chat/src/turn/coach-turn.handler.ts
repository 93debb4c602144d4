import { Injectable } from '@nestjs/common';

import { COACH_TURN_HANDLER, ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { readLlmConfig } from '@tandem/llm';
import { OnMessage, type DeferredHandlerContext } from '@tandem/messaging';

import { CoachTurnService } from './coach-turn.service';

/**
 * Chat consumes its own chat.message.created to run the coach's turn: durable (a crash mid-turn
 * is redelivered), shared by replicas, one user's messages in order and fair across users. The
 * turn commits itself after the model has spoken (no connection held meanwhile), so how many run
 * at once follows what the model provider allows (LLM_MAX_CONCURRENCY), not the database pool.
 * The consumer keeps a long turn alive with in-progress acks, so the ack wait stays short: the
 * turns of a replica that died are redelivered to another within 10 seconds.
 */
@Injectable()
export class CoachTurnHandler {
  constructor(private readonly turns: CoachTurnService) {}

  @OnMessage(ChatMessageCreated, () => ({ handlerName: COACH_TURN_HANDLER, transaction: 'in-handler', concurrency: readLlmConfig().chat.maxConcurrency, ackWaitMs: 10_000 }))
  async onMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: DeferredHandlerContext): Promise<void> {
    if (message.role === 'USER') await this.turns.answer(context, message.id);
  }
}
