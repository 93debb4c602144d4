import { Injectable } from '@nestjs/common';

import { ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { MemoryService } from './memory.service';

/** chat.message.created: learn from what the user wrote (coach messages are skipped). */
@Injectable()
export class ChatMessageHandler {
  constructor(private readonly memory: MemoryService) {}

  @OnMessage(ChatMessageCreated)
  async onChatMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: HandlerContext): Promise<void> {
    await this.memory.remember(context, { message, testScenarioId: context.envelope.testScenarioId });
  }
}
