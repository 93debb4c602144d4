import type { HandlerContext } from '@tandem/messaging';

/** What chat writes through: a message handler's transaction, or one of MessageBus.transaction. */
export type ChatTransaction = Pick<HandlerContext, 'em' | 'emit'>;
