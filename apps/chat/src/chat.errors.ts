import { DomainError } from '@tandem/messaging';

/** Why the chat service refused a request; each code has an answer status for request/reply. */
export enum ChatErrorCode {
  CONVERSATION_NOT_FOUND = 'CONVERSATION_NOT_FOUND',
  CONVERSATION_ENDED = 'CONVERSATION_ENDED',
  PROMPT_NOT_FOUND = 'PROMPT_NOT_FOUND',
  KNOWLEDGE_NOT_FOUND = 'KNOWLEDGE_NOT_FOUND',
  TOO_MANY_WAITING = 'TOO_MANY_WAITING',
  CONVERSATION_STARTED_MEANWHILE = 'CONVERSATION_STARTED_MEANWHILE',
}

const STATUS: Record<ChatErrorCode, number> = {
  [ChatErrorCode.CONVERSATION_NOT_FOUND]: 404,
  [ChatErrorCode.CONVERSATION_ENDED]: 409,
  [ChatErrorCode.PROMPT_NOT_FOUND]: 404,
  [ChatErrorCode.KNOWLEDGE_NOT_FOUND]: 404,
  [ChatErrorCode.TOO_MANY_WAITING]: 429,
  [ChatErrorCode.CONVERSATION_STARTED_MEANWHILE]: 409,
};

/** The one exception of this service: a code to branch on and a message a user can read. */
export class ChatError extends DomainError<ChatErrorCode> {
  constructor(code: ChatErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  /** Another user's conversation is indistinguishable from a missing one. */
  static conversationNotFound(): ChatError {
    return new ChatError(ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation not found');
  }

  static conversationEnded(): ChatError {
    return new ChatError(ChatErrorCode.CONVERSATION_ENDED, 'The conversation has ended; start a new one');
  }

  static promptNotFound(): ChatError {
    return new ChatError(ChatErrorCode.PROMPT_NOT_FOUND, 'Prompt not found');
  }

  static knowledgeNotFound(): ChatError {
    return new ChatError(ChatErrorCode.KNOWLEDGE_NOT_FOUND, 'Knowledge passage not found');
  }

  /** The user's earlier messages are still waiting for the coach: one user cannot flood the turn queue. */
  static tooManyWaiting(waiting: number): ChatError {
    return new ChatError(ChatErrorCode.TOO_MANY_WAITING, `${waiting} of your messages are still waiting for the coach; send this one once it has answered`);
  }

  /** Two starts (or a start and a first message) at once: one opened the conversation, the other is refused. */
  static conversationStartedMeanwhile(): ChatError {
    return new ChatError(ChatErrorCode.CONVERSATION_STARTED_MEANWHILE, 'Another conversation was started at the same time; try again');
  }
}
