import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import type { ContextUsed } from '../conversations/conversation.entity';
import type { FoundPassage } from '../knowledge/knowledge.repository';
import { KnowledgeSearch } from '../knowledge/knowledge-search';
import type { ChatMessage } from '../messages/chat-message.entity';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import type { Prompt } from '../prompts/prompt.entity';
import { renderPrompt } from '../prompts/prompt.renderer';
import { PromptRepository } from '../prompts/prompt.repository';
import type { CoachingState } from '../read-models/coaching-state';
import type { IdentitySnapshot } from '../read-models/read-model.entities';
import { ReadModelService } from '../read-models/read-model.service';

/** Everything one turn is answered from. `prompt` is null when the phase has no active prompt. */
export interface TurnContext {
  state: CoachingState<IdentitySnapshot>;
  prompt: Prompt | null;
  /** System prompt then the conversation, oldest first, ending with the user's message. */
  messages: BaseMessage[];
  history: ChatMessage[];
  knowledge: FoundPassage[];
}

/**
 * Assembles a turn's context from chat's own tables only: the read models (phase, identities),
 * the knowledge passages nearest to the user's message, and the conversation's recent messages.
 * Nothing here waits on another service.
 */
@Injectable()
export class ContextBuilder {
  constructor(
    private readonly readModels: ReadModelService,
    private readonly prompts: PromptRepository,
    private readonly messages: ChatMessageRepository,
    private readonly knowledge: KnowledgeSearch,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  async build(em: EntityManager, userMessage: ChatMessage): Promise<TurnContext> {
    const state = await this.readModels.coachingStateOf(em, userMessage.userId);
    const prompt = await this.prompts.activeFor(em, state.phase);
    const history = await this.messages.recent(em, userMessage.conversation.id, userMessage, this.config.CHAT_HISTORY_MESSAGES);
    const knowledge = await this.knowledge.relevantTo(em, userMessage.content, this.config.CHAT_KNOWLEDGE_PASSAGES);
    const system = prompt ? [new SystemMessage(renderPrompt(prompt.template, { state, knowledge }))] : [];
    const conversation = history.map((message) => (message.role === 'USER' ? new HumanMessage(message.content) : new AIMessage(message.content)));
    return { state, prompt, messages: [...system, ...conversation], history, knowledge };
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
  };
}
