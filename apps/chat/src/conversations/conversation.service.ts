import { randomUUID } from 'node:crypto';

import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { ConversationEnded, type ConversationView, type ListConversations, type PayloadOf, type RateConversation, type ResponseOf, type StartConversation } from '@tandem/contracts';
import { MessageBus, decodeCursor, keysetCursor, pageOf } from '@tandem/messaging';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import { ChatError } from '../chat.errors';
import type { ChatTransaction } from '../chat-transaction';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import { ReadModelService } from '../read-models/read-model.service';
import { toConversationView, type Conversation } from './conversation.entity';
import { ConversationRepository } from './conversation.repository';
import { ConversationSummarizer, plainSummary } from './conversation-summarizer';

/** How long past the summary's own timeout a sweeper's claim on a conversation lasts. */
const CLAIM_MARGIN_MS = 30_000;

export type EndReason = PayloadOf<typeof ConversationEnded>['reason'];

/** Conversations: which one a message goes to, and how one ends (with the coach's summary). */
@Injectable()
export class ConversationService {
  constructor(
    private readonly bus: MessageBus,
    private readonly conversations: ConversationRepository,
    private readonly messages: ChatMessageRepository,
    private readonly summarizer: ConversationSummarizer,
    private readonly readModels: ReadModelService,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /** The named conversation, locked: 404 when it is not the user's, 409 when it has ended. */
  async openOwnedForUpdate(em: EntityManager, userId: string, conversationId: string): Promise<Conversation> {
    const conversation = await this.conversations.findOwnedForUpdate(em, userId, conversationId);
    if (!conversation) throw ChatError.conversationNotFound();
    if (conversation.endedAt) throw ChatError.conversationEnded();
    return conversation;
  }

  /** The user ends one of their conversations: the model summarizes it first, outside any transaction. */
  async end(userId: string, conversationId: string): Promise<ConversationView> {
    const conversation = await this.conversations.findOwned(userId, conversationId);
    if (!conversation) throw ChatError.conversationNotFound();
    if (conversation.endedAt) throw ChatError.conversationEnded();
    const summary = await this.summarize(conversationId);
    return this.bus.transaction(async (tx) => this.close(tx, await this.openOwnedForUpdate(tx.em, userId, conversationId), summary, 'USER'), { userId });
  }

  /**
   * Ends one conversation idle since before `cutoff`, if any; false when there is none left. It
   * is claimed for the summary's time (no lock held while the model writes), then ended in a
   * short transaction unless a message came meanwhile.
   */
  async endNextIdle(cutoff: Date): Promise<boolean> {
    const claimedFor = this.config.CHAT_SUMMARY_TIMEOUT_MS + CLAIM_MARGIN_MS;
    const id = await this.conversations.claimIdle(cutoff, new Date(Date.now() + claimedFor));
    if (!id) return false;
    const summary = await this.summarize(id);
    await this.bus.transaction(async (tx) => {
      const conversation = await this.conversations.findForUpdate(tx.em, id);
      if (!conversation || conversation.endedAt) return;
      if (conversation.lastMessageAt >= cutoff) {
        conversation.endingUntil = null; // the user came back while it was summarized
        return;
      }
      await this.close(tx, conversation, summary, 'INACTIVITY');
    });
    return true;
  }

  /**
   * Starts a conversation of a session type (document 003). The user's open conversation, if any,
   * is ended first with its summary (written before any transaction, as end() does); a message
   * arriving meanwhile lands in it and is ended with it. Two starts at once: the partial unique
   * index lets one open, the other gets the 409 of a conversation already open.
   */
  async start({ userId, sessionType }: PayloadOf<typeof StartConversation>): Promise<ConversationView> {
    const open = await this.conversations.findOpen(userId);
    const summary = open ? await this.summarize(open.id) : null;
    const starting = this.bus.transaction(
      async (tx) => {
        const current = await this.conversations.findOpenForUpdate(tx.em, userId);
        if (current) await this.close(tx, current, current.id === open?.id && summary ? summary : await this.summarizeLate(current.id), 'USER');
        const { phase } = await this.readModels.coachingStateOf(tx.em, userId);
        // Starts when the one it replaces ended, or later: never before it.
        const now = new Date(Math.max(Date.now(), current?.endedAt?.getTime() ?? 0));
        const started = this.conversations.open(tx.em, { id: randomUUID(), userId, phase, testScenarioId: null, sessionType }, now);
        await tx.em.flush();
        return toConversationView(started);
      },
      { userId },
    );
    return starting.catch((error: unknown) => {
      throw error instanceof UniqueConstraintViolationException ? ChatError.conversationStartedMeanwhile() : error;
    });
  }

  /** The user's satisfaction with one of their conversations (1-5, a comment); given again, it replaces the last. 404 when not theirs. */
  async rate({ userId, conversationId, rating, comment }: PayloadOf<typeof RateConversation>): Promise<ConversationView> {
    return this.bus.transaction(
      async (tx) => {
        const conversation = await this.conversations.findOwnedForUpdate(tx.em, userId, conversationId);
        if (!conversation) throw ChatError.conversationNotFound();
        Object.assign(conversation, { satisfactionRating: rating, satisfactionComment: comment ?? null, satisfactionGivenAt: new Date() });
        await tx.em.flush();
        return toConversationView(conversation);
      },
      { userId },
    );
  }

  async list({ userId, cursor, limit }: PayloadOf<typeof ListConversations>): Promise<ResponseOf<typeof ListConversations>> {
    const rows = await this.conversations.listAfter(userId, cursor ? decodeCursor(keysetCursor, cursor) : undefined, limit);
    const page = pageOf(rows, limit, (last) => ({ at: last.startedAt.toISOString(), id: last.id }));
    return { items: page.items.map(toConversationView), nextCursor: page.nextCursor };
  }

  private async summarize(conversationId: string): Promise<string> {
    return this.summarizer.summarize(await this.messages.transcript(conversationId));
  }

  /** Inside a transaction no model is asked: a conversation opened since the summary was written gets the offline one. */
  private async summarizeLate(conversationId: string): Promise<string> {
    return plainSummary(await this.messages.transcript(conversationId));
  }

  /** Ends a locked, open conversation with its summary, announcing it in the same transaction. */
  private async close(tx: ChatTransaction, conversation: Conversation, summary: string, reason: EndReason): Promise<ConversationView> {
    conversation.summary = summary;
    conversation.endingUntil = null;
    conversation.endedAt = new Date(Math.max(Date.now(), conversation.lastMessageAt.getTime()));
    await tx.em.flush();
    const view = toConversationView(conversation);
    tx.emit(ConversationEnded, { conversation: view, reason }, { userId: conversation.userId });
    return view;
  }
}
