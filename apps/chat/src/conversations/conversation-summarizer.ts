import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { OfflineCoachModel, summarizeConversationOffline } from '@tandem/llm';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import { CHAT_MODEL, type ChatModel } from '../llm/llm.providers';
import type { ChatMessage } from '../messages/chat-message.entity';

export const SUMMARY_PROMPT =
  'Summarize this coaching conversation for the coach to pick up next time, in three sentences at most: what the user shared, what identities or decisions came up, and what they intend to do next. Write in the third person ("The user ..."). Do not invent anything.';

const MAX_SUMMARY = 2_000;
const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/**
 * A summary without a model (libs/llm's summarizeConversationOffline): what the user shared, in the
 * third person, the feelings they named and what they intend. What ending never goes without, and
 * what the next conversation's context carries when no model writes one.
 */
export function plainSummary(transcript: ChatMessage[]): string {
  return clip(summarizeConversationOffline(transcript.map(({ role, content }) => ({ role, content }))), MAX_SUMMARY);
}

/**
 * The coach's summary of a conversation, from the chat model, within CHAT_SUMMARY_TIMEOUT_MS.
 * A failing or slow model gives the plain summary: ending a conversation never fails for it.
 */
@Injectable()
export class ConversationSummarizer {
  private readonly logger = new Logger(ConversationSummarizer.name);

  constructor(
    @Inject(CHAT_MODEL) private readonly model: ChatModel,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  async summarize(transcript: ChatMessage[]): Promise<string> {
    // The offline coach only coaches; the offline summary is its stand-in.
    if (!transcript.length || this.model instanceof OfflineCoachModel) return plainSummary(transcript);
    const lines = transcript.map((message) => `${message.role === 'USER' ? 'User' : 'Coach'}: ${message.content}`).join('\n');
    try {
      const reply = await this.model.invoke([new SystemMessage(SUMMARY_PROMPT), new HumanMessage(lines)], { signal: AbortSignal.timeout(this.config.CHAT_SUMMARY_TIMEOUT_MS) });
      const summary = reply.text.trim();
      if (summary) return clip(summary, MAX_SUMMARY);
    } catch (error) {
      this.logger.warn(`summary from the model failed, storing a plain one: ${(error as Error).name}: ${(error as Error).message}`);
    }
    return plainSummary(transcript);
  }
}
