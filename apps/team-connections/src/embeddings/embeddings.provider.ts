import type { Provider } from '@nestjs/common';

import { createEmbeddings, readLlmConfig, type ModelEmbeddings } from '@tandem/llm';

/** The embeddings model profiles and contexts are embedded with (libs/llm: offline unless configured). */
export const EMBEDDINGS = Symbol('EMBEDDINGS');

export type { ModelEmbeddings };

export const embeddingsProvider: Provider = { provide: EMBEDDINGS, useFactory: (): ModelEmbeddings => createEmbeddings(readLlmConfig()) };

/** The offline model reads its word vectors on first use; a service loads them at start instead. */
export async function warmUp(embeddings: ModelEmbeddings): Promise<void> {
  const warmable = embeddings as ModelEmbeddings & { warmUp?: () => Promise<void> };
  await warmable.warmUp?.();
}
