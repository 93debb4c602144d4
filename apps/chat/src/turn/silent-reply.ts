import type { ActionPlan } from './action-plan';

const SAYS: Record<ActionPlan['type'], (parameters: Record<string, unknown>) => string> = {
  propose_identity: (parameters) =>
    typeof parameters.name === 'string' ? `Here is an identity to try on: "${parameters.name}". Does it feel like you?` : 'Here is an identity to try on. Does it feel like you?',
  update_identity: () => "I've updated your identity with those words.",
  accept_identity: () => 'Wonderful: that identity is yours now.',
  complete_identity_refinement: () => 'Your identity is complete, with its affirmation and visualization.',
  transition_phase: () => "Let's move on to the next part of your journey.",
  suggest_connection: () => 'Let me look for colleagues who could help with that.',
};

/**
 * What the coach says when the model only called tools: one line per action it is carrying out,
 * or an invitation to go on when everything was refused.
 */
export function silentReplyText(plans: ActionPlan[]): string {
  const lines = plans.filter((plan) => plan.status === 'PENDING').map((plan) => SAYS[plan.type](plan.parameters));
  return lines.length ? [...new Set(lines)].join(' ') : 'Tell me a little more, so I can help with that.';
}
