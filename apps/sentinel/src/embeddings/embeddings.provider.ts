import type { Provider } from '@nestjs/common';

import { createEmbeddings, readLlmConfig, type ModelEmbeddings } from '@tandem/llm';

/** The size of sentinel.user_notes.embedding (vector(100)): the offline embeddings' size. */
export const NOTE_EMBEDDING_DIMENSIONS = 100;

/** The embeddings notes and searches use; tests may override the provider. */
export const EMBEDDINGS = Symbol('SENTINEL_EMBEDDINGS');

/** Fails fast at start-up when the configured model's vectors do not fit the column. */
export function checkedForNotes(embeddings: ModelEmbeddings): ModelEmbeddings {
  const { model, dimensions } = embeddings.embeddingModelInfo;
  if (dimensions !== NOTE_EMBEDDING_DIMENSIONS) {
    throw new Error(`Sentinel stores ${NOTE_EMBEDDING_DIMENSIONS}-dimension note embeddings; ${model} makes ${dimensions} (EMBEDDINGS_DIMENSIONS): add a migration first (docs/sentinel.md)`);
  }
  return embeddings;
}

export const embeddingsProvider: Provider = {
  provide: EMBEDDINGS,
  useFactory: async (): Promise<ModelEmbeddings> => {
    const embeddings = checkedForNotes(createEmbeddings(readLlmConfig()));
    // The offline model loads its word vectors once: at start, not on the first message.
    await (embeddings as { warmUp?: () => Promise<void> }).warmUp?.();
    return embeddings;
  },
};
