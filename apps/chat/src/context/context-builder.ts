import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { SearchNotes, type ResponseOf } from '@tandem/contracts';
import { QueryClient } from '@tandem/messaging';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import type { ContextUsed } from '../conversations/conversation.entity';
import type { FoundPassage } from '../knowledge/knowledge.repository';
import { KnowledgeSearch } from '../knowledge/knowledge-search';
import type { ChatMessage } from '../messages/chat-message.entity';
import { ChatMessageRepository, type HistoryMessage } from '../messages/chat-message.repository';
import type { Prompt } from '../prompts/prompt.entity';
import { renderPrompt } from '../prompts/prompt.renderer';
import { PromptRepository } from '../prompts/prompt.repository';
import type { CoachingState } from '../read-models/coaching-state';
import type { ProgressSnapshot } from '../read-models/progress-read-model.repository';
import type { IdentitySnapshot } from '../read-models/read-model.entities';
import { ReadModelService } from '../read-models/read-model.service';

/** Everything one turn is answered from. `prompt` is null when the phase has no active prompt. */
export interface TurnContext {
  state: CoachingState<IdentitySnapshot>;
  prompt: Prompt | null;
  /** System prompt then the conversation, oldest first, ending with the user's message. */
  messages: BaseMessage[];
  history: HistoryMessage[];
  knowledge: FoundPassage[];
  notes: RememberedNote[];
  progress: ProgressSnapshot;
}

export type RememberedNote = ResponseOf<typeof SearchNotes>['items'][number];

/**
 * Assembles a turn's context: from chat's own tables, the read models (phase, identities, and
 * progress's open commitments, latest report and insights), the
 * knowledge passages nearest to the user's message and the conversation's recent messages; from
 * Sentinel, the notes most relevant to the message. Only that one request leaves the service,
 * with a short timeout: when Sentinel is slow or down, the coach answers without notes.
 */
@Injectable()
export class ContextBuilder {
  private readonly logger = new Logger(ContextBuilder.name);

  constructor(
    private readonly queries: QueryClient,
    private readonly readModels: ReadModelService,
    private readonly prompts: PromptRepository,
    private readonly messages: ChatMessageRepository,
    private readonly knowledge: KnowledgeSearch,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Reads outside any transaction, the independent parts at once (each borrows a pooled
   * connection, or asks Sentinel): the turn waits for the slowest, not for their sum.
   */
  async build(em: EntityManager, userMessage: ChatMessage): Promise<TurnContext> {
    const [{ state, prompt }, history, knowledge, notes, progress] = await Promise.all([
      this.readModels.coachingStateOf(em.fork(), userMessage.userId).then(async (state) => ({ state, prompt: await this.prompts.activeFor(em.fork(), state.phase) })),
      this.messages.recent(em.fork(), userMessage.conversation.id, userMessage, this.config.CHAT_HISTORY_MESSAGES),
      this.knowledge.relevantTo(em.fork(), userMessage.content, this.config.CHAT_KNOWLEDGE_PASSAGES),
      this.notesAbout(userMessage),
      this.readModels.progressOf(em, userMessage.userId),
    ]);
    const system = prompt ? [new SystemMessage(renderPrompt(prompt.template, { state, knowledge, notes, progress }))] : [];
    const conversation = history.map((message) => (message.role === 'USER' ? new HumanMessage(message.content) : new AIMessage(message.content)));
    return { state, prompt, messages: [...system, ...conversation], history, knowledge, notes, progress };
  }

  private async notesAbout({ userId, content }: ChatMessage): Promise<RememberedNote[]> {
    if (!this.config.CHAT_MEMORY_NOTES) return [];
    try {
      const { items } = await this.queries.ask(SearchNotes, { userId, q: content, limit: this.config.CHAT_MEMORY_NOTES }, { timeoutMs: this.config.CHAT_MEMORY_TIMEOUT_MS });
      return items;
    } catch (error) {
      this.logger.warn(`answering without notes for ${userId}: ${(error as Error).message}`);
      return [];
    }
  }
}

/** What the conversation records of the turn (document 003's context_used). */
export function contextUsed(context: TurnContext & { prompt: Prompt }): ContextUsed {
  return {
    phase: context.state.phase,
    promptVersion: context.prompt.version,
    knowledgeIds: context.knowledge.map((passage) => passage.id),
    messageCount: context.history.length,
    identityIds: context.state.identities.map((identity) => identity.id),
    ...(context.notes.length ? { noteIds: context.notes.map((note) => note.id) } : {}),
  };
}
