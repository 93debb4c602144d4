import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { ConversationEnded, type ConversationView, type ListConversations, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import { ChatError } from '../chat.errors';
import type { ChatTransaction } from '../chat-transaction';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import { decodeCursor, keysetCursor, pageOf } from '../pagination/cursor';
import { ReadModelService } from '../read-models/read-model.service';
import { toConversationView, type Conversation } from './conversation.entity';
import { ConversationRepository } from './conversation.repository';
import { ConversationSummarizer } from './conversation-summarizer';

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
  ) {}

  /** The named conversation, locked: 404 when it is not the user's, 409 when it has ended. */
  async openOwnedForUpdate(em: EntityManager, userId: string, conversationId: string): Promise<Conversation> {
    const conversation = await this.conversations.findOwnedForUpdate(em, userId, conversationId);
    if (!conversation) throw ChatError.conversationNotFound();
    if (conversation.endedAt) throw ChatError.conversationEnded();
    return conversation;
  }

  /** The user's open conversation, locked, or a new one in their current phase. */
  async openFor(em: EntityManager, userId: string, at: Date): Promise<Conversation> {
    const open = await this.conversations.findOpenForUpdate(em, userId);
    if (open) return open;
    const { phase } = await this.readModels.coachingStateOf(em, userId);
    return this.conversations.open(em, { id: randomUUID(), userId, phase, testScenarioId: null }, at);
  }

  /** The user ends one of their conversations. */
  end(userId: string, conversationId: string): Promise<ConversationView> {
    return this.bus.transaction(async (tx) => this.close(tx, await this.openOwnedForUpdate(tx.em, userId, conversationId), 'USER'), { userId });
  }

  /** Ends one conversation idle since before `cutoff`, if any; false when there is none left. */
  endNextIdle(cutoff: Date): Promise<boolean> {
    return this.bus.transaction(async (tx) => {
      const idle = await this.conversations.claimIdle(tx.em, cutoff);
      if (idle) await this.close(tx, idle, 'INACTIVITY');
      return idle !== null;
    });
  }

  async list({ userId, cursor, limit }: PayloadOf<typeof ListConversations>): Promise<ResponseOf<typeof ListConversations>> {
    const rows = await this.conversations.listAfter(userId, cursor ? decodeCursor(keysetCursor, cursor) : undefined, limit);
    const page = pageOf(rows, limit, (last) => ({ at: last.startedAt.toISOString(), id: last.id }));
    return { items: page.items.map(toConversationView), nextCursor: page.nextCursor };
  }

  /** Summarizes and ends a locked, open conversation, announcing it in the same transaction. */
  private async close(tx: ChatTransaction, conversation: Conversation, reason: EndReason): Promise<ConversationView> {
    conversation.summary = await this.summarizer.summarize(await this.messages.transcript(tx.em, conversation.id));
    conversation.endedAt = new Date(Math.max(Date.now(), conversation.lastMessageAt.getTime()));
    await tx.em.flush();
    const view = toConversationView(conversation);
    tx.emit(ConversationEnded, { conversation: view, reason }, { userId: conversation.userId });
    return view;
  }
}
