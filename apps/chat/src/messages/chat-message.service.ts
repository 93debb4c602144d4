import { randomUUID } from 'node:crypto';

import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { ChatMessageCreated, type ChatMessageView, type ListChatMessages, type PayloadOf, type PostChatMessage, type ResponseOf } from '@tandem/contracts';
import { MessageBus, decodeCursor, keysetCursor, offsetCursor, pageOf } from '@tandem/messaging';

import { CoachActionRepository } from '../actions/coach-action.repository';
import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import { ChatError } from '../chat.errors';
import { ConversationRepository } from '../conversations/conversation.repository';
import { ConversationService } from '../conversations/conversation.service';
import { ReadModelService } from '../read-models/read-model.service';
import { toMessageView } from './chat-message.entity';
import { ChatMessageRepository } from './chat-message.repository';

type Posted = ResponseOf<typeof PostChatMessage>;

/** The user's side of the chat: writing a message (which starts the coach's turn) and reading them back. */
@Injectable()
export class ChatMessageService {
  constructor(
    private readonly bus: MessageBus,
    private readonly messages: ChatMessageRepository,
    private readonly conversations: ConversationService,
    private readonly conversationRows: ConversationRepository,
    private readonly readModels: ReadModelService,
    private readonly actions: CoachActionRepository,
    private readonly em: EntityManager,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Stores the message and emits chat.message.created in one transaction; the coach's turn runs
   * from that event. Two first messages at once both try to open a conversation, or two retries
   * carry one idempotency key: a partial unique index lets one win, and the other, retried,
   * joins that conversation or finds that message.
   */
  async post(request: PayloadOf<typeof PostChatMessage>): Promise<Posted> {
    try {
      return await this.store(request);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.store(request);
    }
  }

  async list({ userId, conversationId, q, cursor, limit }: PayloadOf<typeof ListChatMessages>): Promise<ResponseOf<typeof ListChatMessages>> {
    if (conversationId && !(await this.conversationRows.findOwned(userId, conversationId))) throw ChatError.conversationNotFound();
    const filter = { userId, conversationId };
    if (q) {
      // Ranked results have no stable key to continue from: the cursor is an offset.
      const offset = cursor ? decodeCursor(offsetCursor, cursor).offset : 0;
      const rows = await this.messages.search(filter, q, offset, limit);
      const page = pageOf(rows, limit, () => ({ offset: offset + limit }));
      return { items: await this.withActions(page.items.map(toMessageView)), nextCursor: page.nextCursor };
    }
    const rows = await this.messages.listAfter(filter, cursor ? decodeCursor(keysetCursor, cursor) : undefined, limit);
    const page = pageOf(rows, limit, (last) => ({ at: last.createdAt.toISOString(), id: last.id }));
    return { items: await this.withActions(page.items.map(toMessageView)), nextCursor: page.nextCursor };
  }

  /** Each coach message with the actions it took, in order (one query for the page). */
  private async withActions(messages: ChatMessageView[]): Promise<ResponseOf<typeof ListChatMessages>['items']> {
    const coach = messages.filter((message) => message.role === 'COACH').map((message) => message.id);
    const actions = await this.actions.ofMessages(this.em.fork(), coach);
    return messages.map((message) => (message.role === 'COACH' ? { ...message, actions: actions.get(message.id) ?? [] } : message));
  }

  private store({ userId, content, conversationId, idempotencyKey, userName }: PayloadOf<typeof PostChatMessage>): Promise<Posted> {
    return this.bus.transaction(
      async ({ em, emit }) => {
        const now = new Date();
        if (idempotencyKey) {
          const first = await this.messages.findByIdempotencyKey(em, userId, idempotencyKey);
          if (first) return { conversationId: first.conversation.id, messageId: first.id, replayed: true };
        }
        const conversation = conversationId ? await this.conversations.openOwnedForUpdate(em, userId, conversationId) : await this.conversations.openFor(em, userId, now);
        // Counted under the conversation's lock, so a user's posts at once are counted one after another.
        const waiting = await this.messages.waitingFor(em, userId, new Date(now.getTime() - this.config.CHAT_TURN_TIMEOUT_MS - 60_000));
        if (waiting >= this.config.CHAT_MAX_PENDING_TURNS) throw ChatError.tooManyWaiting(waiting);
        // The account's name, taken once per conversation (the one this message opens), not on every message.
        if (userName && conversation.startedAt.getTime() === now.getTime()) await this.readModels.rememberAccountName(em, userId, userName);
        const message = this.messages.add(em, {
          id: randomUUID(),
          userId,
          conversation,
          role: 'USER',
          content,
          inReplyTo: null,
          testScenarioId: conversation.testScenarioId,
          createdAt: now,
          idempotencyKey: idempotencyKey ?? null,
        });
        conversation.lastMessageAt = now;
        await em.flush();
        // A test scenario's conversation tags what follows from its messages too (Sentinel's notes, the coach's turn).
        emit(ChatMessageCreated, { message: toMessageView(message), actions: [] }, { userId, testScenarioId: conversation.testScenarioId });
        return { conversationId: conversation.id, messageId: message.id };
      },
      { userId },
    );
  }
}
