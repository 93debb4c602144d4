import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import type { PayloadOf, TestScenarioLoaded, TestScenarioReset } from '@tandem/contracts';
import type { TestScenarioPart } from '@tandem/messaging';

import type { ChatTransaction } from '../chat-transaction';
import { Conversation } from '../conversations/conversation.entity';
import { ConversationRepository } from '../conversations/conversation.repository';
import { ChatMessage } from '../messages/chat-message.entity';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import { ReadModelService } from '../read-models/read-model.service';

/**
 * chat's part of a test scenario: one open conversation holding the template's messages, every
 * row tagged with the scenario (messages the tester then writes into it are tagged too).
 * No chat.message.created is published for them: they are history, not new words for the coach
 * to answer or for Sentinel to learn from (the template states the notes it wants).
 */
@Injectable()
export class ChatScenarios implements TestScenarioPart {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: ChatMessageRepository,
    private readonly readModels: ReadModelService,
  ) {}

  /** Returns the rows written: the conversation and its messages, or none without messages. */
  async apply({ em }: ChatTransaction, { userId, scenarioId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    const wanted = template.messages ?? [];
    if (!wanted.length) return 0;
    // One millisecond apart, so they read back in the template's order.
    const start = Date.now() - wanted.length;
    const conversation = this.conversations.open(em, { id: randomUUID(), userId, phase: template.coach?.phase ?? 'GET_TO_KNOW_YOU', testScenarioId: scenarioId }, new Date(start));
    // The template's contract guarantees a COACH message follows the USER message it answers.
    let previous: ChatMessage | null = null;
    for (const [index, { role, content }] of wanted.entries()) {
      const inReplyTo = role === 'COACH' ? (previous?.id ?? null) : null;
      previous = this.messages.add(em, { id: randomUUID(), userId, conversation, role, content, inReplyTo, testScenarioId: scenarioId, createdAt: new Date(start + index) });
    }
    conversation.lastMessageAt = new Date(start + wanted.length - 1);
    await em.flush();
    return 1 + wanted.length;
  }

  /**
   * Deletes exactly the rows tagged with the scenario (actions, messages, conversations) and the
   * read models chat keeps on the scenario's accounts (coach context, identity snapshots), which
   * carry no tag of their own.
   */
  async clear({ em }: ChatTransaction, { scenarioId, userIds }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    const actions = await em.execute<{ affectedRows: number }>(`delete from "chat"."actions" where "test_scenario_id" = ?`, [scenarioId], 'run');
    const messages = await em.nativeDelete(ChatMessage, { testScenarioId: scenarioId });
    const conversations = await em.nativeDelete(Conversation, { testScenarioId: scenarioId });
    let readModels = 0;
    for (const userId of userIds) readModels += await this.readModels.erase(em, userId);
    return actions.affectedRows + messages + conversations + readModels;
  }
}
