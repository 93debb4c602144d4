import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { Logger, type Provider } from '@nestjs/common';

import { createChatModel, createEmbeddings, describeLlmConfig, readLlmConfig, type LlmConfig, type ModelEmbeddings } from '@tandem/llm';

/** The chat model every turn and summary uses (tests put a scripted one here). */
export const CHAT_MODEL = Symbol('CHAT_MODEL');
/** Embeddings for knowledge search; they carry the model name and size stored with each vector. */
export const EMBEDDINGS = Symbol('EMBEDDINGS');
const LLM_CONFIG = Symbol('LLM_CONFIG');

export type ChatModel = BaseChatModel;
export type { ModelEmbeddings };

/** Models built from the environment (offline by default: no key, no network). */
export const LLM_PROVIDERS: Provider[] = [
  {
    provide: LLM_CONFIG,
    useFactory: (): LlmConfig => {
      const config = readLlmConfig();
      new Logger('Llm').log(describeLlmConfig(config));
      return config;
    },
  },
  { provide: CHAT_MODEL, useFactory: (config: LlmConfig): ChatModel => createChatModel(config), inject: [LLM_CONFIG] },
  { provide: EMBEDDINGS, useFactory: (config: LlmConfig): ModelEmbeddings => createEmbeddings(config), inject: [LLM_CONFIG] },
];
