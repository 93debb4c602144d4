import { SetMetadata } from '@nestjs/common';

import type { DurableContract } from '@tandem/contracts';

import type { DurableConsumerSettings } from '../durable-consumer';

export const ON_MESSAGE = Symbol('tandem:on-message');

/** Settings, or a function that reads them (from the environment) when the consumer starts. */
export type OnMessageSettings = Partial<DurableConsumerSettings> | (() => Partial<DurableConsumerSettings>);

export interface OnMessageMetadata {
  contract: DurableContract;
  settings?: OnMessageSettings;
}

/**
 * Marks a provider method as the handler of a durable message: `(payload, context) => Promise<void>`.
 * The payload is already validated against the contract; context.em is the transaction that
 * also records the message as applied, and context.emit records follow-up messages in it.
 * With `transaction: 'in-handler'` the context is a DeferredHandlerContext instead: the handler
 * calls a model first, holding no connection, then `context.commit(...)`.
 */
export const OnMessage = (contract: DurableContract, settings?: OnMessageSettings) => SetMetadata<symbol, OnMessageMetadata>(ON_MESSAGE, { contract, settings });
