import { SetMetadata } from '@nestjs/common';

import type { DurableContract } from '@tandem/contracts';

import type { DurableConsumerSettings } from '../durable-consumer';

export const ON_MESSAGE = Symbol('tandem:on-message');

export interface OnMessageMetadata {
  contract: DurableContract;
  settings?: Partial<DurableConsumerSettings>;
}

/**
 * Marks a provider method as the handler of a durable message: `(payload, context) => Promise<void>`.
 * The payload is already validated against the contract; context.em is the transaction that
 * also records the message as applied, and context.emit records follow-up messages in it.
 */
export const OnMessage = (contract: DurableContract, settings?: Partial<DurableConsumerSettings>) =>
  SetMetadata<symbol, OnMessageMetadata>(ON_MESSAGE, { contract, settings });
