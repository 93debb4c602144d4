import { createServer, type Server } from 'node:http';

import { ChatAnthropic } from '@langchain/anthropic';
import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';

import { startFakeOpenAI, type FakeOpenAI } from '@tandem/testing';

import { coachActionTools, parseCoachActionCall } from '../coach/coach-actions';
import { readLlmConfig } from '../config/llm-config';
import { OfflineCoachModel } from '../offline/offline-coach.model';
import { createChatModel } from './chat-model.factory';

/** LangChain keeps retries and concurrency on its (protected) caller; read them for the assertions. */
const limitsOf = (model: { caller: unknown }) => {
  const { maxRetries, maxConcurrency } = model.caller as { maxRetries: number; maxConcurrency: number };
  return { maxRetries, maxConcurrency };
};

describe(createChatModel.name, () => {
  it('should build the offline coach by default, with explicit limits', () => {
    const model = createChatModel(readLlmConfig({}));

    expect(model).toBeInstanceOf(OfflineCoachModel);
    expect(limitsOf(model)).toEqual({ maxRetries: 1, maxConcurrency: 64 });
  });

  it('should build ChatOpenAI for any OpenAI-compatible server', () => {
    const model = createChatModel(readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'qwen2.5', LLM_BASE_URL: 'http://127.0.0.1:8000/v1', LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '2' }));

    expect(model).toBeInstanceOf(ChatOpenAI);
    const openai = model as unknown as ChatOpenAI;
    expect(openai).toMatchObject({ model: 'qwen2.5', timeout: 5000 });
    expect(openai.clientConfig).toMatchObject({ baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'not-needed' });
    expect(limitsOf(openai)).toEqual({ maxRetries: 2, maxConcurrency: 64 });
  });

  it('should build ChatAnthropic and ChatOllama with the configured limits', () => {
    const anthropic = createChatModel(readLlmConfig({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5', LLM_API_KEY: 'sk-ant', LLM_TIMEOUT_MS: '7000', LLM_MAX_CONCURRENCY: '3' }));
    const ollama = createChatModel(readLlmConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'llama3.2', LLM_MAX_RETRIES: '0' }));

    expect(anthropic).toBeInstanceOf(ChatAnthropic);
    expect((anthropic as unknown as ChatAnthropic).clientOptions).toMatchObject({ timeout: 7000 });
    expect(limitsOf(anthropic)).toEqual({ maxRetries: 1, maxConcurrency: 3 });
    expect(ollama).toBeInstanceOf(ChatOllama);
    expect(ollama).toMatchObject({ model: 'llama3.2', baseUrl: 'http://127.0.0.1:11434' });
    expect(limitsOf(ollama)).toEqual({ maxRetries: 0, maxConcurrency: 64 });
  });

  describe('against a server that never answers', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it.each([
      ['openai', '/v1'],
      ['anthropic', ''],
      ['ollama', ''],
    ])('should give up on %s after LLM_TIMEOUT_MS', async (provider, path) => {
      const model = createChatModel(readLlmConfig({ LLM_PROVIDER: provider, LLM_MODEL: 'm', LLM_API_KEY: 'k', LLM_BASE_URL: `${url}${path}`, LLM_TIMEOUT_MS: '300', LLM_MAX_RETRIES: '0' }));
      const started = Date.now();

      await expect(model.invoke('Hi')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('with an OpenAI-compatible server', () => {
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
    });
    afterAll(() => fake.close());

    it('should stream a reply whose coach actions parse, with every bound action sent as a tool', async () => {
      fake.replyToChat({ text: 'Let us move on.', toolCalls: [{ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION' } }] });
      const model = createChatModel(readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'fake-model', LLM_BASE_URL: fake.baseURL, LLM_MAX_RETRIES: '0' }));

      let whole: AIMessageChunk | undefined;
      for await (const chunk of await model.bindTools!(coachActionTools()).stream('Hi')) whole = whole ? whole.concat(chunk) : chunk;

      expect(whole?.text).toBe('Let us move on.');
      expect(whole?.tool_calls?.map(parseCoachActionCall)).toEqual([{ ok: true, action: { name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION' } } }]);
      const tools = fake.requests[0]!.body['tools'] as { function: { name: string } }[];
      expect(tools.map((tool) => tool.function.name)).toEqual([
        'propose_identity',
        'update_identity',
        'accept_identity',
        'complete_identity_refinement',
        'transition_phase',
        'suggest_connection',
        'create_goal',
        'create_commitment',
        'complete_commitment',
        'log_energy',
        'forget_note',
        'correct_note',
      ]);
      // No key configured: a placeholder, never a key from OPENAI_API_KEY.
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer not-needed');
    });
  });
});
