/**
 * Output sizes of embedding models we know, so a deployment naming one needs no
 * EMBEDDINGS_DIMENSIONS. Any other model must say its size: a pgvector column has a fixed one.
 */
const KNOWN_DIMENSIONS: Record<string, number> = {
  // OpenAI
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  // Ollama library
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'snowflake-arctic-embed': 1024,
  'bge-m3': 1024,
  'bge-large': 1024,
};

/** The known size of a model, ignoring an Ollama tag (`nomic-embed-text:latest`). */
export function knownEmbeddingDimensions(model: string): number | undefined {
  return KNOWN_DIMENSIONS[model.split(':')[0]!.toLowerCase()];
}

/** OpenAI's text-embedding-3 models can shorten their vectors on request (Matryoshka training). */
export function supportsRequestedDimensions(model: string): boolean {
  return model.startsWith('text-embedding-3-');
}
