import { Injectable, Logger } from '@nestjs/common';

import { ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { MemoryService } from './memory.service';

/** chat.message.created: learn from what the user wrote (coach messages are skipped). */
@Injectable()
export class ChatMessageHandler {
  private readonly logger = new Logger(ChatMessageHandler.name);

  constructor(private readonly memory: MemoryService) {}

  @OnMessage(ChatMessageCreated)
  async onChatMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: HandlerContext): Promise<void> {
    if (message.role !== 'USER') return;
    const started = Date.now();
    await this.memory.remember(context, { message, testScenarioId: context.envelope.testScenarioId });
    this.logger.log(`read ${message.id} in ${Date.now() - started} ms`);
  }
}
