import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { ChatMessageCreated, ChatTurnFailed } from '@tandem/contracts';

import type { ChatTransaction } from '../chat-transaction';
import { ContextBuilder, contextUsed } from '../context/context-builder';
import { toActionView } from '../actions/coach-action.entity';
import { toMessageView, type ChatMessage } from '../messages/chat-message.entity';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import { ActionDispatcher } from './action-dispatcher';
import { ReplyStreamer } from './reply-streamer';
import { silentReplyText } from './silent-reply';
import { TokenPublisher } from './token-publisher';

/** What the user reads when a turn fails: never the model's or provider's own words. */
export const TURN_FAILURE = {
  timedOut: 'The coach took too long to answer; please send your message again.',
  unavailable: 'The coach is unavailable right now; please try again in a moment.',
  empty: 'The coach could not find an answer; please try saying it another way.',
} as const;

/**
 * The coach's answer to one user message, run from that message's chat.message.created in the
 * consumer's transaction (so a redelivery or another replica finds the answer and does nothing).
 * Context, then the model streamed to the user's live subject, then one write: the coach message,
 * its actions and their commands, and chat.message.created. A failed model call stores nothing
 * of the turn and says chat.turn.failed instead.
 */
@Injectable()
export class CoachTurnService {
  private readonly logger = new Logger(CoachTurnService.name);

  constructor(
    private readonly messages: ChatMessageRepository,
    private readonly contexts: ContextBuilder,
    private readonly streamer: ReplyStreamer,
    private readonly tokens: TokenPublisher,
    private readonly dispatcher: ActionDispatcher,
  ) {}

  async answer(tx: ChatTransaction, userMessageId: string): Promise<void> {
    const userMessage = await this.messages.findById(tx.em, userMessageId);
    // Gone (the user was erased meantime), or answered already: nothing to do.
    if (!userMessage || userMessage.role !== 'USER' || (await this.messages.hasReply(tx.em, userMessage.id))) return;

    const started = Date.now();
    const context = await this.contexts.build(tx.em, userMessage);
    if (!context.prompt) {
      this.logger.error(`no active prompt for ${context.state.phase}: the turn for ${userMessage.id} cannot run`);
      return this.fail(tx, userMessage, TURN_FAILURE.unavailable);
    }
    const conversationId = userMessage.conversation.id;
    const reply = await this.streamer.stream(context.messages, context.prompt.allowedActions, this.tokens.forReply(userMessage.userId, conversationId, userMessage.id));
    if (!reply.ok) {
      this.logger.error(`model failed for ${userMessage.id}${reply.timedOut ? ' (timed out)' : ''}: ${reply.error.name}: ${reply.error.message}`);
      return this.fail(tx, userMessage, reply.timedOut ? TURN_FAILURE.timedOut : TURN_FAILURE.unavailable);
    }
    if (!reply.text && !reply.toolCalls.length) return this.fail(tx, userMessage, TURN_FAILURE.empty);

    const { state, prompt } = context;
    const plans = this.dispatcher.plan(reply.toolCalls, {
      userId: userMessage.userId,
      phase: state.phase,
      allowed: prompt.allowedActions,
      proposedIdentityId: state.proposedIdentityId,
      currentIdentityId: state.currentIdentityId,
    });
    const now = new Date();
    const coachMessage = this.messages.add(tx.em, {
      id: randomUUID(),
      userId: userMessage.userId,
      conversation: userMessage.conversation,
      role: 'COACH',
      content: reply.text || silentReplyText(plans),
      inReplyTo: userMessage.id,
      testScenarioId: userMessage.testScenarioId,
      createdAt: now,
    });
    const actions = this.dispatcher.dispatch(tx, coachMessage, plans);
    Object.assign(userMessage.conversation, { lastMessageAt: now, contextUsed: contextUsed({ ...context, prompt }) });
    await tx.em.flush();
    tx.emit(ChatMessageCreated, { message: toMessageView(coachMessage), actions: actions.map(toActionView) }, { userId: userMessage.userId });
    this.logger.log(`answered ${userMessage.id} in ${Date.now() - started} ms (${state.phase}, ${actions.length} action(s))`);
  }

  private fail(tx: ChatTransaction, userMessage: ChatMessage, reason: string): void {
    const { userId, id: userMessageId } = userMessage;
    tx.emit(ChatTurnFailed, { userId, conversationId: userMessage.conversation.id, userMessageId, reason }, { userId });
  }
}
