import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ListNotes, SearchNotes, type NoteView } from '@tandem/contracts';
import { QueryClient } from '@tandem/messaging';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import type { ContextUsed } from '../conversations/conversation.entity';
import { ConversationRepository } from '../conversations/conversation.repository';
import type { FoundPassage } from '../knowledge/knowledge.repository';
import { KnowledgeSearch } from '../knowledge/knowledge-search';
import { ChatMessageRepository, type HistoryMessage, type TurnMessage } from '../messages/chat-message.repository';
import { renderPrompt, type ProfileForPrompt } from '../prompts/prompt.renderer';
import { PromptRepository, type ActivePrompt } from '../prompts/prompt.repository';
import type { CoachingState } from '../read-models/coaching-state';
import type { ProgressSnapshot } from '../read-models/progress-read-model.repository';
import type { IdentitySnapshot } from '../read-models/read-model.entities';
import { ReadModelService } from '../read-models/read-model.service';
import { readParts, type ReadPart } from '../read-models/read-part';
import { withinBudgets } from './context-parts';
import { isCoachMemoryTalk, isMemoryTalk } from './memory-request';

/** No earlier conversations wanted (CHAT_EARLIER_CONVERSATIONS=0): nothing read. */
const NO_SUMMARIES: ReadPart<string[]> = { columns: `null as "summaries"`, params: [], read: () => [] };

/** Everything one turn is answered from. `prompt` is null when the phase has no active prompt. */
export interface TurnContext {
  state: CoachingState<IdentitySnapshot>;
  prompt: ActivePrompt | null;
  /** System prompt then the conversation, oldest first, ending with the user's message. */
  messages: BaseMessage[];
  history: HistoryMessage[];
  /** The coach's last message before the user's (null when none): what the user's message answers. */
  lastCoachMessage: string | null;
  knowledge: FoundPassage[];
  notes: RememberedNote[];
  progress: ProgressSnapshot;
  profile: ProfileForPrompt;
  /** Summaries of the user's earlier conversations, newest first, within their budget. */
  earlierConversations: string[];
}

/** A note as the turn has it: Sentinel's view (a search adds its score, unused here). */
export type RememberedNote = NoteView;

/**
 * Assembles a turn's context: from chat's own tables, the read models (phase, identities,
 * progress's open commitments and goals, latest report and insights, the user's name and AST
 * strengths), the summaries of their earlier conversations, the knowledge passages nearest to the
 * user's message and the conversation's recent messages; from Sentinel, the notes most relevant to
 * the message (and, when the user talks about their memory, their newest ones too). Only Sentinel
 * is asked over the bus, with a short timeout: when it is slow or down, the coach answers without
 * notes. What it knows of the user is then cut to each part's token budget (context-parts.ts).
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
    private readonly conversations: ConversationRepository,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Reads outside any transaction, the independent parts at once (each borrows a pooled
   * connection, or asks Sentinel): the turn waits for the slowest, not for their sum. What the
   * read models, prompts and conversations hold of the user is one statement (readParts); every
   * read is raw, so they share `em` (no entity enters its identity map).
   */
  async build(em: EntityManager, userMessage: TurnMessage): Promise<TurnContext> {
    const { userId } = userMessage;
    const recent = this.messages.recent(em, userMessage.conversationId, userMessage, this.config.CHAT_HISTORY_MESSAGES);
    // The notes wait for the history (one short statement) only to see what the coach said last.
    const remembered = recent.then((history) => this.notesAbout(userMessage, lastCoachMessageOf(history)));
    const earlier = this.config.CHAT_EARLIER_CONVERSATIONS;
    const [[state, prompt, foundProgress, foundProfile, summaries], history, knowledge, { notes: foundNotes, memoryTalk }] = await Promise.all([
      readParts(em, [
        this.readModels.coachingStatePart(userId),
        this.prompts.activeForUser(userId),
        this.readModels.progressPart(userId),
        this.readModels.profilePart(userId),
        earlier ? this.conversations.summaries(userId, earlier) : NO_SUMMARIES,
      ]),
      recent,
      this.knowledge.relevantTo(em, userMessage.content, this.config.CHAT_KNOWLEDGE_PASSAGES),
      remembered,
    ]);
    const config = this.config;
    const { notes, progress, profile, earlierConversations } = withinBudgets(
      { notes: foundNotes, progress: foundProgress, profile: foundProfile, summaries },
      {
        profile: config.CHAT_CONTEXT_TOKENS_PROFILE,
        notes: memoryTalk ? config.CHAT_CONTEXT_TOKENS_NOTES_ON_REQUEST : config.CHAT_CONTEXT_TOKENS_NOTES,
        earlierConversations: config.CHAT_CONTEXT_TOKENS_EARLIER_CONVERSATIONS,
        progress: config.CHAT_CONTEXT_TOKENS_PROGRESS,
      },
    );
    const system = prompt ? [new SystemMessage(renderPrompt(prompt.template, { state, knowledge, notes, progress, profile, earlierConversations }))] : [];
    const conversation = history.map((message) => (message.role === 'USER' ? new HumanMessage(message.content) : new AIMessage(message.content)));
    const lastCoachMessage = lastCoachMessageOf(history);
    return { state, prompt, messages: [...system, ...conversation], history, lastCoachMessage, knowledge, notes, progress, profile, earlierConversations };
  }

  /**
   * The notes most relevant to the message. When the user talks about their memory, or answers the
   * coach talking about it ("Shall I forget ...?" "Yes"), the relevant ones (searched with the
   * coach's question and the answer) and then their newest current notes, more of them, so the
   * coach can say what it remembers and name the note meant.
   */
  private async notesAbout({ userId, content }: TurnMessage, lastCoach: string | null): Promise<{ notes: RememberedNote[]; memoryTalk: boolean }> {
    const answering = lastCoach !== null && isCoachMemoryTalk(lastCoach);
    const memoryTalk = isMemoryTalk(content) || answering;
    const relevant = this.config.CHAT_MEMORY_NOTES;
    const newest = memoryTalk ? this.config.CHAT_MEMORY_NOTES_ON_REQUEST : 0;
    if (!relevant && !newest) return { notes: [], memoryTalk };
    const options = { timeoutMs: this.config.CHAT_MEMORY_TIMEOUT_MS };
    const q = answering ? `${lastCoach}\n${content}`.slice(-4_000) : content;
    const ask = async <T>(question: Promise<T>, what: string): Promise<T | null> =>
      question.catch((error: unknown) => {
        this.logger.warn(`answering without ${what} for ${userId}: ${(error as Error).message}`);
        return null;
      });
    const [searched, listed] = await Promise.all([
      relevant ? ask(this.queries.ask(SearchNotes, { userId, q, limit: relevant }, options), 'relevant notes') : null,
      newest ? ask(this.queries.ask(ListNotes, { userId, limit: newest, includeHistory: false }, options), 'the newest notes') : null,
    ]);
    const seen = new Set<string>();
    const notes = [...(searched?.items ?? []), ...(listed?.items ?? [])].filter((note) => !seen.has(note.id) && seen.add(note.id));
    return { notes, memoryTalk };
  }
}

/**
 * The coach's last message in the history (which ends with the user's): the one the user answers
 * (a turn that failed may have left an earlier message of theirs between them).
 */
export function lastCoachMessageOf(history: readonly HistoryMessage[]): string | null {
  return history.findLast((message) => message.role === 'COACH')?.content ?? null;
}

/** What the conversation records of the turn (document 003's context_used). */
export function contextUsed(context: TurnContext & { prompt: ActivePrompt }): ContextUsed {
  return {
    phase: context.state.phase,
    promptVersion: context.prompt.version,
    knowledgeIds: context.knowledge.map((passage) => passage.id),
    messageCount: context.history.length,
    identityIds: context.state.identities.map((identity) => identity.id),
    ...(context.notes.length ? { noteIds: context.notes.map((note) => note.id) } : {}),
    ...(context.earlierConversations.length ? { earlierConversations: context.earlierConversations.length } : {}),
  };
}
