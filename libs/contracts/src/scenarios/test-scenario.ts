import { z } from 'zod';

import { chatContent, chatRole } from '../chat/chat';
import { coachingPhase } from '../coach-state/coach-state';
import { identityCategory, identityName, identityState, identityText } from '../identities/identity';
import { goalTitle, progressText, schedule } from '../progress/progress';
import { noteCategory, noteText } from '../sentinel/note';
import { availabilityStatus } from '../team/team-profile';

const personName = z.string().trim().min(1).max(150);
const shortText = z.string().trim().min(1).max(255);

/** A team profile as a scenario states it: what team-connections needs to match colleagues. */
export const scenarioProfile = z.object({
  company: shortText,
  department: shortText.optional(),
  role: shortText.optional(),
  expertiseAreas: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  availability: availabilityStatus.optional(),
  connectionOptIn: z.boolean().optional(),
  /** The scenario's accounts with the same company form one organisation; this one is its admin. */
  organisationAdmin: z.boolean().optional(),
});
export type ScenarioProfile = z.infer<typeof scenarioProfile>;

/**
 * What a test scenario sets up for one account. Each service applies its own section: coach-state
 * the phase, identities the identities, chat one conversation, sentinel the notes,
 * team-connections the profile, progress the goals and commitments. Colleagues become accounts of their own (user and profile only).
 */
export const scenarioTemplate = z
  .object({
    user: z.object({ firstName: personName.optional(), lastName: personName.optional() }).strict(),
    coach: z.object({ phase: coachingPhase }).strict().optional(),
    identities: z
      .array(
        z
          .object({ category: identityCategory, name: identityName, affirmation: identityText.optional(), visualization: identityText.optional(), state: identityState })
          .strict()
          .refine((identity) => identity.state !== 'REFINEMENT_COMPLETE' || (identity.affirmation && identity.visualization), {
            message: 'A REFINEMENT_COMPLETE identity needs an affirmation and a visualization',
          }),
      )
      .max(50)
      .optional(),
    /** Oldest first; each COACH message answers the USER message right before it (one reply per message). */
    messages: z
      .array(z.object({ role: chatRole, content: chatContent }).strict())
      .max(200)
      .refine((messages) => messages.every((message, index) => message.role !== 'COACH' || messages[index - 1]?.role === 'USER'), {
        message: 'Each COACH message must directly follow a USER message (it is the reply to it)',
      })
      .optional(),
    notes: z
      .array(z.object({ note: noteText, category: noteCategory }).strict())
      .max(100)
      .optional(),
    profile: scenarioProfile.strict().optional(),
    /** progress: goals, each with commitments due `dueInMinutes` after the scenario is loaded. */
    goals: z
      .array(
        z
          .object({
            title: goalTitle,
            why: progressText.optional(),
            commitments: z
              .array(z.object({ title: goalTitle, dueInMinutes: z.number().int().min(1).max(525_600), schedule: schedule.default('ONCE') }).strict())
              .max(20)
              .default([]),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    colleagues: z
      .array(z.object({ firstName: personName, lastName: personName, profile: scenarioProfile.strict() }).strict())
      .max(50)
      .optional(),
  })
  .strict();
export type ScenarioTemplate = z.infer<typeof scenarioTemplate>;

export const exampleScenarioTemplate: ScenarioTemplate = {
  user: { firstName: 'Ada', lastName: 'Lovelace' },
  coach: { phase: 'IDENTITY_REFINEMENT' },
  identities: [{ category: 'CAREER', name: 'Creative Innovator', affirmation: 'I turn ideas into working things.', state: 'ACCEPTED' }],
  messages: [
    { role: 'USER', content: 'I want to lead more at work.' },
    { role: 'COACH', content: 'What would leading look like on a good day?' },
  ],
  notes: [{ note: 'Wants to lead more at work', category: 'goal' }],
  profile: { company: 'Lion Software', role: 'Engineer', expertiseAreas: ['typescript'] },
};
