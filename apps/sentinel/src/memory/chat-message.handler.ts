import { Injectable, Logger } from '@nestjs/common';

import { ChatMessageCreated, type PayloadOf } from '@tandem/contracts';
import { readLlmConfig } from '@tandem/llm';
import { OnMessage, type DeferredHandlerContext } from '@tandem/messaging';

import { MemoryService } from './memory.service';

/**
 * chat.message.created: learn from what the user wrote. Coach messages teach nothing about the
 * user: they cost no model call and no write. The model reads the message holding no
 * connection; what it found is then reconciled and written in one short transaction.
 */
@Injectable()
export class ChatMessageHandler {
  private readonly logger = new Logger(ChatMessageHandler.name);

  constructor(private readonly memory: MemoryService) {}

  @OnMessage(ChatMessageCreated, () => ({ transaction: 'in-handler', concurrency: readLlmConfig().chat.maxConcurrency }))
  async onChatMessageCreated({ message }: PayloadOf<typeof ChatMessageCreated>, context: DeferredHandlerContext): Promise<void> {
    if (message.role !== 'USER' || (await context.alreadyApplied())) return;
    const started = Date.now();
    const reading = await this.memory.read(message);
    await context.commit((tx) => this.memory.remember(tx, reading, { message, testScenarioId: context.envelope.testScenarioId }));
    this.logger.log(`read ${message.id} in ${Date.now() - started} ms`);
  }
}
