import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ChatMessageView } from '@tandem/contracts';

/** The long scripted conversations of evals/memory: one person's messages, and questions about what they said. */
export const CONVERSATIONS_DIR = join(__dirname, '../../../evals/memory/conversations');
export const BASELINE_FILE = join(__dirname, '../../../evals/memory/baseline.json');

export interface Conversation {
  name: string;
  about: string;
  messages: string[];
  /** `in`: a phrase found in exactly one message, the one holding the answer. */
  questions: Array<{ q: string; in: string }>;
}

/** What the harness needs of Sentinel: learn from one message; search, answering where each hit came from. */
export interface MemoryUnderTest {
  /** Before the first message: the user's settings (the people of evals/memory consent to health and emotion memories). */
  prepare?(userId: string): Promise<void>;
  learn(message: ChatMessageView): Promise<void>;
  /** The best `k` hits for q, each as the chat message it came from (an episode's id, a note's sourceMessageId). */
  search(userId: string, q: string, k: number): Promise<Array<string | null>>;
}

export interface RecallResult {
  conversation: string;
  messages: number;
  questions: number;
  found: number;
  recall: number;
  misses: string[];
}

export function loadConversations(): Conversation[] {
  return readdirSync(CONVERSATIONS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(CONVERSATIONS_DIR, file), 'utf8')) as Conversation);
}

/** The committed floor: recall@5 per conversation, below which the test fails. */
export function loadBaseline(): Record<string, number> {
  return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, number>;
}

/**
 * Chats the conversation through Sentinel as one new user (a message every six hours, in a few
 * conversations), then asks each question: a hit is the answer's message, or a note taken from it,
 * among the top k.
 */
export async function measureRecall(conversation: Conversation, memory: MemoryUnderTest, k = 5): Promise<RecallResult> {
  const userId = randomUUID();
  const start = Date.parse('2026-03-01T08:00:00Z');
  const ids: string[] = [];
  let conversationId = randomUUID();
  await memory.prepare?.(userId);
  for (const [index, content] of conversation.messages.entries()) {
    if (index % 25 === 0) conversationId = randomUUID();
    const message: ChatMessageView = { id: randomUUID(), conversationId, userId, role: 'USER', content, inReplyTo: null, createdAt: new Date(start + index * 6 * 3_600_000).toISOString() };
    ids.push(message.id);
    await memory.learn(message);
  }
  const misses: string[] = [];
  for (const { q, in: phrase } of conversation.questions) {
    const holders = conversation.messages.flatMap((content, index) => (content.includes(phrase) ? [ids[index]!] : []));
    if (holders.length !== 1) throw new Error(`${conversation.name}: "${phrase}" is in ${holders.length} messages, not exactly one`);
    const hits = await memory.search(userId, q, k);
    if (!hits.includes(holders[0]!)) misses.push(q);
  }
  const questions = conversation.questions.length;
  return { conversation: conversation.name, messages: conversation.messages.length, questions, found: questions - misses.length, recall: (questions - misses.length) / questions, misses };
}
