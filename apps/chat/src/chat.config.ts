import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const chatEnv = z.object({
  /** A conversation with no message for this long is ended (and summarized) by the sweeper. */
  CHAT_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  CHAT_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Messages of the conversation the coach sees (the newest; the user's new one included). */
  CHAT_HISTORY_MESSAGES: z.coerce.number().int().min(1).max(100).default(12),
  /** Knowledge passages given to the coach per turn. */
  CHAT_KNOWLEDGE_PASSAGES: z.coerce.number().int().min(0).max(20).default(3),
  /** Sentinel notes about the user given to the coach per turn (0: none, Sentinel is not asked). */
  CHAT_MEMORY_NOTES: z.coerce.number().int().min(0).max(20).default(5),
  /**
   * Notes given when the user talks about their memory ("what do you remember about me?", "forget
   * that ...", "that's not right"): their newest current notes instead of the few most relevant.
   */
  CHAT_MEMORY_NOTES_ON_REQUEST: z.coerce.number().int().min(0).max(100).default(30),
  /** Summaries of the user's earlier conversations read per turn (newest first), before the budget. */
  CHAT_EARLIER_CONVERSATIONS: z.coerce.number().int().min(0).max(50).default(5),
  /** Token budgets of the context's parts (estimated at 4 characters a token, context-budget.ts). */
  CHAT_CONTEXT_TOKENS_PROFILE: z.coerce.number().int().min(0).default(80),
  CHAT_CONTEXT_TOKENS_NOTES: z.coerce.number().int().min(0).default(400),
  CHAT_CONTEXT_TOKENS_NOTES_ON_REQUEST: z.coerce.number().int().min(0).default(1_500),
  CHAT_CONTEXT_TOKENS_EARLIER_CONVERSATIONS: z.coerce.number().int().min(0).default(600),
  CHAT_CONTEXT_TOKENS_PROGRESS: z.coerce.number().int().min(0).default(400),
  /** How long a turn waits for Sentinel's notes before it goes on without them. */
  CHAT_MEMORY_TIMEOUT_MS: z.coerce.number().int().positive().default(500),
  /** A whole turn's model call, retries included; past it the turn fails (chat.turn.failed). */
  CHAT_TURN_TIMEOUT_MS: z.coerce.number().int().positive().default(90_000),
  /**
   * Ending a conversation waits this long for the model's summary, then stores a plain one: the
   * user's end request is answered within the gateway's query timeout.
   */
  CHAT_SUMMARY_TIMEOUT_MS: z.coerce.number().int().positive().default(2_500),
  /**
   * A user's messages waiting for the coach at most; the next is refused with 429. A message
   * counts as waiting for CHAT_TURN_TIMEOUT_MS plus a minute at most, so one whose turn was lost
   * cannot block its user for good.
   */
  CHAT_MAX_PENDING_TURNS: z.coerce.number().int().min(1).max(100).default(3),
});

export type ChatConfig = z.infer<typeof chatEnv>;

export const CHAT_CONFIG = Symbol('CHAT_CONFIG');

export function readChatConfig(env: NodeJS.ProcessEnv = process.env): ChatConfig {
  return parseEnv(chatEnv, env);
}
