import { Embeddings } from '@langchain/core/embeddings';

import type { EmbeddingModelInfo } from './embedding-model-info';

/**
 * Wraps a provider's embeddings and refuses vectors of another size than configured: a model
 * swapped behind the same URL would otherwise write vectors a pgvector column cannot compare.
 */
export class CheckedEmbeddings extends Embeddings {
  constructor(
    readonly inner: Embeddings,
    readonly embeddingModelInfo: EmbeddingModelInfo,
  ) {
    // Retries and concurrency belong to the inner client; this layer makes no calls of its own.
    super({ maxRetries: 0 });
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await this.inner.embedDocuments(documents);
    vectors.forEach((vector) => this.#check(vector));
    return vectors;
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.#check(await this.inner.embedQuery(document));
  }

  #check(vector: number[]): number[] {
    const { model, dimensions } = this.embeddingModelInfo;
    if (vector.length !== dimensions) {
      throw new Error(`Embeddings model ${model} returned ${vector.length} dimensions, configured for ${dimensions} (EMBEDDINGS_DIMENSIONS)`);
    }
    return vector;
  }
}
