import { Injectable } from '@nestjs/common';

import { UserErased } from '@tandem/contracts';

import type { ChatTransaction } from '../chat-transaction';
import { ConversationRepository } from '../conversations/conversation.repository';
import { ReadModelService } from '../read-models/read-model.service';

/**
 * Everything chat holds about a user: conversations (their messages and actions cascade), the
 * read models, and already-published outbox rows that carried their words.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly readModels: ReadModelService,
  ) {}

  async erase({ em, emit }: ChatTransaction, userId: string): Promise<number> {
    const erasedRows = (await this.conversations.deleteAllOf(em, userId)) + (await this.readModels.erase(em, userId));
    // Unsent rows stay: the relay still owes them to their consumers (this very user.erased among them).
    await em.execute(`delete from "chat"."outbox" where "published_at" is not null and "envelope"->>'userId' = ?`, [userId], 'run');
    emit(UserErased, { userId, service: 'chat', erasedRows }, { userId });
    return erasedRows;
  }
}
