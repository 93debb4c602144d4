import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';

import { supportsRequestedDimensions } from '../config/embedding-dimensions';
import type { LlmConfig } from '../config/llm-config';
import { OfflineEmbeddings } from '../offline/offline-embeddings';
import { CheckedEmbeddings } from './checked-embeddings';
import { DEFAULT_OLLAMA_URL } from './chat-model.factory';
import type { EmbeddingModelInfo } from './embedding-model-info';
import { fetchWithTimeout } from './timeout-fetch';

/** LangChain embeddings that also say which model and size their vectors are. */
export type ModelEmbeddings = Embeddings & { readonly embeddingModelInfo: EmbeddingModelInfo };

/** The model and size the configured embeddings produce, without building a client (for migrations, say). */
export function embeddingModelInfoOf({ embeddings }: LlmConfig): EmbeddingModelInfo {
  return { model: embeddings.model, dimensions: embeddings.dimensions };
}

/** The embeddings the configuration names, with explicit retries, timeout and concurrency. */
export function createEmbeddings(config: LlmConfig): ModelEmbeddings {
  const { embeddings } = config;
  const limits = { maxRetries: embeddings.maxRetries, maxConcurrency: embeddings.maxConcurrency };
  const info = embeddingModelInfoOf(config);
  switch (embeddings.provider) {
    case 'offline':
      return new OfflineEmbeddings({ ...limits, cacheDir: embeddings.cacheDir });
    case 'openai':
      return new CheckedEmbeddings(
        new OpenAIEmbeddings({
          ...limits,
          model: embeddings.model,
          apiKey: embeddings.apiKey?.reveal() ?? 'not-needed',
          timeout: embeddings.timeoutMs,
          // Only text-embedding-3 models can shorten vectors; other servers reject the field.
          dimensions: supportsRequestedDimensions(embeddings.model) ? embeddings.dimensions : undefined,
          configuration: embeddings.baseUrl ? { baseURL: embeddings.baseUrl } : {},
        }),
        info,
      );
    case 'ollama':
      return new CheckedEmbeddings(
        new OllamaEmbeddings({ ...limits, model: embeddings.model, baseUrl: embeddings.baseUrl ?? DEFAULT_OLLAMA_URL, fetch: fetchWithTimeout(embeddings.timeoutMs) }),
        info,
      );
  }
}
