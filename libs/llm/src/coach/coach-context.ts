import { coachingPhase, type CoachingPhase } from '@tandem/contracts';

/**
 * The coach context convention: lines in the system prompt that tell any model, and the offline
 * coach in particular, where the user stands.
 *
 *     Phase: IDENTITY_CREATION
 *     Proposed identity: 0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61
 *     Current identity: none
 *
 * One `Key: value` per line, keys case-insensitive, `none` (or a missing line) for no value. When
 * a key appears more than once the last line wins, so a context block appended after a prompt's
 * own text overrides any example in it. The tools the model may call are the bound tools, not
 * lines of the prompt. Then what the coach knows of the user, each item on its own line, all of
 * them counting (the order kept), and every text flattened to one line:
 *
 *     Name: Sam
 *     Strength: Strategic thinking
 *     Note: 5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c I teach maths at a secondary school
 *     Earlier conversation: Talked about dreading Mondays and the guitar left untouched
 *     Open goal: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d Run a 10 km race
 *     Open commitment: 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a Walk 20 minutes every morning
 *
 * `Note` lines are Sentinel's notes about the user (the ids the memory actions take),
 * `Earlier conversation` lines are summaries of the user's earlier conversations, newest first.
 */
export interface CoachContext {
  phase?: CoachingPhase;
  proposedIdentityId?: string;
  currentIdentityId?: string;
  name?: string;
  strengths?: string[];
  notes?: ContextItem[];
  earlierConversations?: string[];
  openGoals?: ContextItem[];
  openCommitments?: ContextItem[];
}

/** Something the coach can refer to by id: a note, a goal, a commitment. */
export interface ContextItem {
  id: string;
  title: string;
}

const KEYS = { phase: 'Phase', proposedIdentityId: 'Proposed identity', currentIdentityId: 'Current identity' } as const;
const TEXT_KEYS = { name: 'Name' } as const;
const LIST_KEYS = { strengths: 'Strength', earlierConversations: 'Earlier conversation' } as const;
const ITEM_KEYS = { notes: 'Note', openGoals: 'Open goal', openCommitments: 'Open commitment' } as const;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** One line: a newline in a text would start a line the parser reads as something else. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const linePattern = (label: string, value: string) => new RegExp(`^[ \\t]*${label}[ \\t]*:[ \\t]*${value}[ \\t]*$`, 'gim');

export function formatCoachContext(context: CoachContext): string {
  const lines = (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((key) => `${KEYS[key]}: ${context[key] ?? 'none'}`);
  if (context.name && oneLine(context.name)) lines.push(`${TEXT_KEYS.name}: ${oneLine(context.name)}`);
  for (const text of context.strengths ?? []) lines.push(`${LIST_KEYS.strengths}: ${oneLine(text)}`);
  for (const { id, title } of context.notes ?? []) lines.push(`${ITEM_KEYS.notes}: ${id} ${oneLine(title)}`);
  for (const text of context.earlierConversations ?? []) lines.push(`${LIST_KEYS.earlierConversations}: ${oneLine(text)}`);
  for (const { id, title } of context.openGoals ?? []) lines.push(`${ITEM_KEYS.openGoals}: ${id} ${oneLine(title)}`);
  for (const { id, title } of context.openCommitments ?? []) lines.push(`${ITEM_KEYS.openCommitments}: ${id} ${oneLine(title)}`);
  return lines.join('\n');
}

function lastValue(text: string, label: string): string | undefined {
  const values = [...text.matchAll(linePattern(label, '(\\S+)'))].map((match) => match[1]!);
  const value = values.at(-1);
  return value === undefined || value.toLowerCase() === 'none' ? undefined : value;
}

const allTexts = (text: string, label: string) => [...text.matchAll(linePattern(label, '(\\S.*?)'))].map((match) => match[1]!);
const allItems = (text: string, label: string) => [...text.matchAll(linePattern(label, `(${UUID})[ \\t]+(\\S.*?)`))].map((match) => ({ id: match[1]!.toLowerCase(), title: match[2]! }));

/** Reads the convention back; an unknown phase name counts as no phase. */
export function parseCoachContext(systemPrompt: string): CoachContext {
  const phase = coachingPhase.safeParse(lastValue(systemPrompt, KEYS.phase)?.toUpperCase());
  const context: CoachContext = {};
  if (phase.success) context.phase = phase.data;
  const proposed = lastValue(systemPrompt, KEYS.proposedIdentityId);
  if (proposed) context.proposedIdentityId = proposed;
  const current = lastValue(systemPrompt, KEYS.currentIdentityId);
  if (current) context.currentIdentityId = current;
  const name = allTexts(systemPrompt, TEXT_KEYS.name).at(-1);
  if (name && name.toLowerCase() !== 'none') context.name = name;
  for (const key of Object.keys(LIST_KEYS) as (keyof typeof LIST_KEYS)[]) {
    const texts = allTexts(systemPrompt, LIST_KEYS[key]);
    if (texts.length) context[key] = texts;
  }
  for (const key of Object.keys(ITEM_KEYS) as (keyof typeof ITEM_KEYS)[]) {
    const items = allItems(systemPrompt, ITEM_KEYS[key]);
    if (items.length) context[key] = items;
  }
  return context;
}
