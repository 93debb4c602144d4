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
    private readonly conversationRows: ConversationRepository,
    private readonly readModels: ReadModelService,
    private readonly actions: CoachActionRepository,
    private readonly em: EntityManager,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Stores the message and emits chat.message.created in one transaction (besides the user's lock
   * and the commit, two round trips: the reads under the conversation's lock, and one raw write);
   * the coach's turn runs from that event. Two first messages at once both try to open a
   * conversation, or two retries carry one idempotency key: a partial unique index lets one win,
   * and the other, retried, joins that conversation or finds that message.
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
      async ({ em, stage, publishAfterCommit }) => {
        const now = new Date();
        const scope = await this.messages.forPost(em, { userId, conversationId, idempotencyKey, waitingSince: new Date(now.getTime() - this.config.CHAT_TURN_TIMEOUT_MS - 60_000) });
        if (scope.replay) return { conversationId: scope.replay.conversationId, messageId: scope.replay.id, replayed: true };
        if (conversationId && !scope.conversation) throw ChatError.conversationNotFound();
        if (scope.conversation?.endedAt) throw ChatError.conversationEnded();
        if (scope.waiting >= this.config.CHAT_MAX_PENDING_TURNS) throw ChatError.tooManyWaiting(scope.waiting);
        // No open conversation: this message opens one, in the user's current phase.
        const opened = scope.conversation ? null : { id: randomUUID(), userId, phase: (await this.readModels.coachingStateOf(em, userId)).phase, testScenarioId: null };
        // The account's name, taken once per conversation (the one this message opens), not on every message.
        if (opened && userName) await this.readModels.rememberAccountName(em, userId, userName);
        const conversation = scope.conversation ?? opened!;
        const message = { id: randomUUID(), userId, conversationId: conversation.id, content, testScenarioId: conversation.testScenarioId, createdAt: now, idempotencyKey: idempotencyKey ?? null };
        const view = toMessageView({ ...message, role: 'USER', inReplyTo: null, conversation });
        // A test scenario's conversation tags what follows from its messages too (Sentinel's notes, the coach's turn).
        const created = stage(ChatMessageCreated, { message: view, actions: [] }, { userId, testScenarioId: conversation.testScenarioId });
        await this.messages.post(em, message, opened, [created]);
        publishAfterCommit([created]);
        return { conversationId: conversation.id, messageId: message.id };
      },
      { userId },
    );
  }
}
