import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';

import type { LlmConfig } from '../config/llm-config';
import { OfflineCoachModel } from '../offline/offline-coach.model';
import { ModelTelemetry } from './model-telemetry';
import { fetchWithTimeout } from './timeout-fetch';

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';
// OpenAI-compatible servers often want no key, but the client insists on one. A placeholder also
// keeps the client from falling back to OPENAI_API_KEY and sending a real key to another server.
const NO_KEY = 'not-needed';

/**
 * The chat model the configuration names. Retries, timeout and concurrency are always set
 * explicitly: LangChain's defaults (6 retries, no timeout, unbounded) suit no service here.
 */
export function createChatModel({ chat }: LlmConfig): BaseChatModel {
  // Every call measured: latency, tokens and errors per provider, and a span in the caller's trace.
  const limits = { maxRetries: chat.maxRetries, maxConcurrency: chat.maxConcurrency, callbacks: [new ModelTelemetry(chat.provider, chat.model)] };
  switch (chat.provider) {
    case 'offline':
      return new OfflineCoachModel(limits);
    case 'openai':
      return new ChatOpenAI({
        ...limits,
        model: chat.model,
        apiKey: chat.apiKey?.reveal() ?? NO_KEY,
        timeout: chat.timeoutMs,
        temperature: chat.temperature,
        // Chat Completions, the API every OpenAI-compatible server speaks (LangChain still sends a
        // few OpenAI-only models, such as codex, to the Responses API).
        useResponsesApi: false,
        configuration: chat.baseUrl ? { baseURL: chat.baseUrl } : {},
      });
    case 'anthropic':
      return new ChatAnthropic({
        ...limits,
        model: chat.model,
        apiKey: chat.apiKey?.reveal(),
        anthropicApiUrl: chat.baseUrl,
        temperature: chat.temperature,
        clientOptions: { timeout: chat.timeoutMs },
      });
    case 'ollama':
      // ChatOllama takes no timeout and makes its calls without LangChain's retry helper (so
      // maxRetries has no effect there); a fetch with a deadline bounds each call.
      return new ChatOllama({
        ...limits,
        model: chat.model,
        baseUrl: chat.baseUrl ?? DEFAULT_OLLAMA_URL,
        temperature: chat.temperature,
        fetch: fetchWithTimeout(chat.timeoutMs),
      });
  }
}
