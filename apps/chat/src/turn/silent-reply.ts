import type { ActionPlan } from './action-plan';

const SAYS: Record<ActionPlan['type'], (parameters: Record<string, unknown>) => string> = {
  propose_identity: (parameters) =>
    typeof parameters.name === 'string' ? `Here is an identity to try on: "${parameters.name}". Does it feel like you?` : 'Here is an identity to try on. Does it feel like you?',
  update_identity: () => "I've updated your identity with those words.",
  accept_identity: () => 'Wonderful: that identity is yours now.',
  complete_identity_refinement: () => 'Your identity is complete, with its affirmation and visualization.',
  transition_phase: () => "Let's move on to the next part of your journey.",
  suggest_connection: () => 'Let me look for colleagues who could help with that.',
  create_goal: (parameters) => (typeof parameters.title === 'string' ? `I've noted your goal: "${parameters.title}".` : "I've noted your goal."),
  create_commitment: (parameters) => (typeof parameters.title === 'string' ? `I'll keep your commitment: "${parameters.title}", and check in when it's due.` : "I'll keep that commitment."),
  complete_commitment: () => "Well done: I've marked it as done.",
  log_energy: (parameters) => (typeof parameters.level === 'number' ? `Noted: your energy is ${parameters.level} out of 10.` : 'Noted your energy.'),
  forget_note: () => "I'll forget that.",
  correct_note: (parameters) =>
    typeof parameters.content === 'string' ? `Thank you for correcting me: I'll remember that instead: "${parameters.content}".` : "Thank you for correcting me; I'll remember it that way.",
};

/**
 * What the coach says when the model only called tools: one line per action it is carrying out,
 * or an invitation to go on when everything was refused.
 */
export function silentReplyText(plans: ActionPlan[]): string {
  const lines = plans.filter((plan) => plan.status === 'PENDING').map((plan) => SAYS[plan.type](plan.parameters));
  return lines.length ? [...new Set(lines)].join(' ') : 'Tell me a little more, so I can help with that.';
}
