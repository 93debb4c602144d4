import type { CoachActionArgs, CoachActionName } from '../coach/coach-actions';
import type { ContextItem } from '../coach/coach-context';
import { energyLevel, matchCommitment, reportsFollowThrough, statedCommitment } from './progress-intent';

/** What the progress step needs of the reply being built. */
export interface ProgressReply {
  say(...parts: string[]): ProgressReply;
  call<N extends CoachActionName>(name: N, args: CoachActionArgs<N>): ProgressReply;
  can(name: CoachActionName): boolean;
}

export const PROGRESS_LINES = {
  commitmentKept: (title: string, when: string) => `I'll hold you to that: “${title}”${when}. I'll check in when it's due.`,
  commitmentDone: (title: string) => `Well done on “${title}”! I've marked it as done.`,
  whichOne: 'Well done! Which one was it:',
  energyLow: (level: number) => `Thank you for telling me: I've noted your energy at ${level} out of 10. Let's take it gently today.`,
  energy: (level: number) => `Noted: your energy is at ${level} out of 10.`,
} as const;

const SCHEDULE_WORDS = { ONCE: '', DAILY: ' every day', WEEKDAYS: ' on weekdays', WEEKLY: ' every week' } as const;
const note = (text: string) => text.trim().slice(0, 2_000);
const titles = (commitments: readonly ContextItem[]) => commitments.map((commitment) => `“${commitment.title}”`).join(' or ');

/**
 * The coach's progress actions, in any phase, before the phase's own script: a commitment the
 * user states is kept (create_commitment) and confirmed; follow-through completes the matching
 * open commitment (complete_commitment), or, when several match, the coach asks which one (and
 * says nothing else this turn); an energy level is recorded (log_energy). Answers 'stop' when
 * the turn is the question, else 'continue' (the phase script adds its part).
 */
export function progressStep(said: string, lastCoachText: string | undefined, open: readonly ContextItem[], reply: ProgressReply): 'stop' | 'continue' {
  if (!said.trim()) return 'continue';
  const level = energyLevel(said);
  if (level !== undefined && reply.can('log_energy')) reply.say(level <= 4 ? PROGRESS_LINES.energyLow(level) : PROGRESS_LINES.energy(level)).call('log_energy', { level, note: note(said) });

  const answeringWhich = lastCoachText?.includes(PROGRESS_LINES.whichOne) ?? false;
  if ((answeringWhich || reportsFollowThrough(said)) && reply.can('complete_commitment')) {
    const match = matchCommitment(said, open);
    if (match.kind === 'one') {
      reply.say(PROGRESS_LINES.commitmentDone(match.commitment.title)).call('complete_commitment', { commitmentId: match.commitment.id, note: note(said) });
      return 'continue';
    }
    if (match.kind === 'ambiguous') {
      reply.say(`${PROGRESS_LINES.whichOne} ${titles(match.candidates)}?`);
      return 'stop';
    }
  }

  const stated = statedCommitment(said);
  if (stated && reply.can('create_commitment')) {
    const when = `${SCHEDULE_WORDS[stated.schedule]}${stated.at ? ` at ${stated.at}` : ''}`;
    reply.say(PROGRESS_LINES.commitmentKept(stated.title, when.trimEnd() ? ` (${when.trim()})` : '')).call('create_commitment', stated);
  }
  return 'continue';
}
