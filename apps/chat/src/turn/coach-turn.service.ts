import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { ChatMessageCreated, ChatTurnFailed } from '@tandem/contracts';

import type { DeferredHandlerContext } from '@tandem/messaging';

import { ContextBuilder, contextUsed } from '../context/context-builder';
import { toActionView } from '../actions/coach-action.entity';
import { toMessageView } from '../messages/chat-message.entity';
import { ChatMessageRepository, type NewReply, type TurnMessage } from '../messages/chat-message.repository';
import { ActionDispatcher } from './action-dispatcher';
import { ReplyStreamer } from './reply-streamer';
import { silentReplyText } from './silent-reply';
import { TokenPublisher } from './token-publisher';
import { secondsSince, turnMetrics } from './turn-metrics';

/** What the user reads when a turn fails: never the model's or provider's own words. */
export const TURN_FAILURE = {
  timedOut: 'The coach took too long to answer; please send your message again.',
  unavailable: 'The coach is unavailable right now; please try again in a moment.',
  empty: 'The coach could not find an answer; please try saying it another way.',
} as const;

/**
 * The coach's answer to one user message, run from that message's chat.message.created in three
 * steps, so no connection is held while the model speaks:
 * 1. read what the turn needs (each query borrows a pooled connection and gives it back);
 * 2. stream the model's reply to the user's live subject, holding nothing;
 * 3. one short transaction: the inbox row, the coach message, its actions and their commands,
 *    chat.message.created (after the inbox row, one raw statement: no entity built or flushed,
 *    one round trip). A redelivery, or another replica that answered first, finds the inbox
 *    row (or the unique reply per message) and writes nothing.
 * A failed model call stores nothing of the turn and says chat.turn.failed instead.
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

  async answer(turn: DeferredHandlerContext, userMessageId: string): Promise<void> {
    const userMessage = await this.messages.forTurn(turn.em, userMessageId);
    // Gone (the user was erased meantime), or its turn is over (answered or failed): nothing to do.
    if (!userMessage || userMessage.role !== 'USER' || userMessage.turnEndedAt) return;

    const started = Date.now();
    const context = await this.contexts.build(turn.em, userMessage);
    if (!context.prompt) {
      this.logger.error(`no active prompt for ${context.state.phase}: the turn for ${userMessage.id} cannot run`);
      return this.fail(turn, userMessage, TURN_FAILURE.unavailable);
    }
    const { conversationId } = userMessage;
    const tokens = this.tokens.forReply(userMessage.userId, conversationId, userMessage.id);
    let firstPiece = true;
    const reply = await this.streamer.stream(context.messages, context.prompt.allowedActions, (text) => {
      if (firstPiece) turnMetrics.firstTokenSeconds.observe(secondsSince(userMessage.createdAt));
      firstPiece = false;
      tokens.send(text);
    });
    tokens.end();
    if (!reply.ok) {
      this.logger.error(`model failed for ${userMessage.id}${reply.timedOut ? ' (timed out)' : ''}: ${reply.error.name}: ${reply.error.message}`);
      return this.fail(turn, userMessage, reply.timedOut ? TURN_FAILURE.timedOut : TURN_FAILURE.unavailable);
    }
    if (!reply.text && !reply.toolCalls.length) return this.fail(turn, userMessage, TURN_FAILURE.empty);

    const { state, prompt } = context;
    const plans = this.dispatcher.plan(reply.toolCalls, {
      userId: userMessage.userId,
      phase: state.phase,
      allowed: prompt.allowedActions,
      proposedIdentityId: state.proposedIdentityId,
      currentIdentityId: state.currentIdentityId,
      notes: context.notes.map(({ id, note }) => ({ id, title: note })),
      lastCoachMessage: context.lastCoachMessage,
    });
    const modelMs = Date.now() - started;
    const written = await turn.commit(async (tx) => {
      const now = new Date();
      const coachReply: NewReply = {
        id: randomUUID(),
        userId: userMessage.userId,
        conversationId,
        content: reply.text || silentReplyText(plans),
        inReplyTo: userMessage.id,
        testScenarioId: userMessage.testScenarioId,
        createdAt: now,
      };
      const { actions, commands } = this.dispatcher.dispatch(tx, coachReply, plans);
      const view = toMessageView({ ...coachReply, role: 'COACH', conversation: { id: conversationId } });
      const outbox = [...commands, tx.stage(ChatMessageCreated, { message: view, actions: actions.map(toActionView) }, { userId: userMessage.userId })];
      // The user was erased while the model spoke: nothing of the turn is kept.
      if (!(await this.messages.reply(tx.em, coachReply, contextUsed({ ...context, prompt }), actions, outbox))) return 0;
      tx.publishAfterCommit(outbox);
      return actions.length;
    });
    if (written.applied) turnMetrics.seconds.observe({ outcome: 'answered' }, secondsSince(userMessage.createdAt));
    if (written.applied) this.logger.log(`answered ${userMessage.id} in ${Date.now() - started} ms (model ${modelMs} ms, ${state.phase}, ${written.value} action(s))`);
  }

  private async fail(turn: DeferredHandlerContext, userMessage: TurnMessage, reason: string): Promise<void> {
    const { userId, id: userMessageId, conversationId } = userMessage;
    const written = await turn.commit(async (tx) => {
      await this.messages.endTurn(tx.em, userMessageId, new Date());
      tx.emit(ChatTurnFailed, { userId, conversationId, userMessageId, reason }, { userId });
    });
    if (written.applied) turnMetrics.seconds.observe({ outcome: 'failed' }, secondsSince(userMessage.createdAt));
  }
}
