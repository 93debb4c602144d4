import { z } from 'zod';

import { coachingPhase, goalTitle, identityCategory, identityName, identityText, localTime, noteText, progressText, schedule } from '@tandem/contracts';

/**
 * The actions a coach may ask for, as LLM tools. A prompt allows a subset; chat binds only those
 * and refuses any other call. `identityId` may be left out: it then means the identity the turn is
 * about (the proposed one while creating, the current one while refining), which chat resolves
 * from the user's coach state.
 */
const identityId = z.uuid().optional().describe('The identity to act on; leave out for the proposed/current identity');

export const COACH_ACTIONS = {
  propose_identity: {
    description: 'Propose a new identity for the user in one life area. It starts in the PROPOSED state.',
    schema: z.object({
      category: identityCategory.describe('The life area the identity belongs to'),
      name: identityName.describe('A short, memorable name, e.g. "The Calm Leader"'),
      affirmation: identityText.optional().describe('An "I am ..." sentence, if the user already gave one'),
      visualization: identityText.optional().describe('A scene of the user living the identity, if already given'),
    }),
  },
  update_identity: {
    description: "Change an identity's name, affirmation or visualization with the user's own words.",
    schema: z.object({
      identityId,
      name: identityName.optional(),
      affirmation: identityText.optional().describe('An "I am ..." sentence in the present tense'),
      visualization: identityText.optional().describe('A concrete scene of the user living the identity'),
    }),
  },
  accept_identity: {
    description: 'The user agreed to a proposed identity: make it theirs (ACCEPTED).',
    schema: z.object({ identityId }),
  },
  complete_identity_refinement: {
    description: 'The identity has an affirmation and a visualization the user is happy with: mark its refinement complete.',
    schema: z.object({ identityId }),
  },
  transition_phase: {
    description: 'Move the user to another coaching phase when the current one has done its job.',
    schema: z.object({
      toPhase: coachingPhase.describe('The phase to move to'),
      reason: z.string().trim().min(1).max(500).optional().describe('Why, in one sentence'),
    }),
  },
  suggest_connection: {
    description:
      "Look for colleagues at the user's company who could help with a problem or project, when the user asks who at work could help or wants to connect with someone who knows about it. " +
      'The suggestions reach the user in the app; do not name people yourself.',
    schema: z.object({
      // team-connections stores it and shows it back to the user: their problem, never the model's reasoning.
      // At least 3 characters, as SuggestConnections requires; at most 1,000, within its 2,000.
      context: z.string().trim().min(3).max(1_000).describe("The problem or project the user wants help with, in the user's own words (it is shown back to them)"),
      limit: z.number().int().min(1).max(5).optional().describe('How many colleagues to suggest at most; leave out for 3'),
    }),
  },
  create_goal: {
    description: 'Keep a longer-term goal the user sets (what they want to achieve, and why it matters to them).',
    schema: z.object({
      title: goalTitle.describe('The goal in a few words, e.g. "Run a 10 km race"'),
      why: progressText.optional().describe('Why it matters to the user, in their words'),
      lifeArea: identityCategory.optional().describe('The life area it belongs to'),
      targetDate: z.iso.date().optional().describe('By when, YYYY-MM-DD, if the user said'),
    }),
  },
  create_commitment: {
    description: 'Keep a concrete commitment the user states ("I will walk 20 minutes every morning"), in any phase; the coach checks in when it falls due. Confirm it to the user in your reply.',
    schema: z.object({
      title: goalTitle.describe('What the user will do, in their words, e.g. "Walk 20 minutes every morning"'),
      schedule: schedule.optional().describe('ONCE, DAILY, WEEKDAYS or WEEKLY; leave out for once'),
      at: localTime.optional().describe("The local time of day it is due, HH:MM (24-hour), in the user's time zone; leave out for 09:00"),
      dueAt: z.iso.datetime({ offset: true }).optional().describe('An exact first due time with its offset, when the user named a date'),
    }),
  },
  complete_commitment: {
    description:
      'The user says they did one of their open commitments ("I did my walk this morning"): mark it done. Use the id from the open commitments in your context; when it is not clear which one, ask instead of calling this.',
    schema: z.object({
      commitmentId: z.uuid().describe('The open commitment the user did'),
      note: progressText.optional().describe('What the user said about it'),
    }),
  },
  log_energy: {
    description: 'The user gives their energy level: record it, 1 (drained) to 10 (full of energy).',
    schema: z.object({
      level: z.number().int().min(1).max(10).describe('1 to 10'),
      note: progressText.optional().describe('What the user said about it'),
    }),
  },
  forget_note: {
    description:
      'The user asks you to forget something you remember about them. Only after you have told them which note you mean (its text) and they confirmed it: delete that note. Use the id of a Note line in your context.',
    schema: z.object({
      noteId: z.uuid().describe('The id of the note to forget, from a Note line of your context'),
    }),
  },
  correct_note: {
    description:
      'The user says something you remember about them is not right ("That\'s not right, I ..."): replace that note with what is true, in the third person, keeping the old one as history. Use the id of a Note line in your context; when it is not clear which note, ask instead.',
    schema: z.object({
      noteId: z.uuid().describe('The id of the note to correct, from a Note line of your context'),
      content: noteText.describe('What is true, as a short third-person fact, e.g. "Works as a nurse at the city hospital"'),
    }),
  },
} as const;

export type CoachActionName = keyof typeof COACH_ACTIONS;
export type CoachActionArgs<N extends CoachActionName> = z.infer<(typeof COACH_ACTIONS)[N]['schema']>;
/** A validated action: the name narrows the arguments. */
export type CoachAction = { [N in CoachActionName]: { name: N; args: CoachActionArgs<N> } }[CoachActionName];

export const COACH_ACTION_NAMES = Object.keys(COACH_ACTIONS) as CoachActionName[];

export function isCoachActionName(name: string): name is CoachActionName {
  return Object.hasOwn(COACH_ACTIONS, name);
}

/** Tool definitions for `model.bindTools(...)`: the given actions, in the given order. */
export function coachActionTools(names: readonly CoachActionName[] = COACH_ACTION_NAMES) {
  return names.map((name) => ({ name, description: COACH_ACTIONS[name].description, schema: COACH_ACTIONS[name].schema }));
}

export type CoachActionParseResult = { ok: true; action: CoachAction } | { ok: false; error: string };

/**
 * Checks a model's tool call against the action's schema. A model can invent tool names and
 * arguments, so nothing it asks for is carried out before this says yes.
 */
export function parseCoachActionCall(call: { name: string; args: unknown }): CoachActionParseResult {
  if (!isCoachActionName(call.name)) return { ok: false, error: `unknown action ${call.name}` };
  const result = COACH_ACTIONS[call.name].schema.safeParse(call.args);
  if (!result.success) {
    return { ok: false, error: result.error.issues.map((issue) => `${issue.path.join('.') || '(args)'}: ${issue.message}`).join('; ') };
  }
  if (call.name === 'update_identity') {
    const args = result.data as CoachActionArgs<'update_identity'>;
    if (args.name === undefined && args.affirmation === undefined && args.visualization === undefined) {
      return { ok: false, error: 'update_identity needs a name, an affirmation or a visualization' };
    }
  }
  return { ok: true, action: { name: call.name, args: result.data } as CoachAction };
}
