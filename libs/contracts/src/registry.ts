import * as accounts from './accounts';
import * as chat from './chat';
import { CoachStateChanged, GetCoachState, TransitionPhase } from './coach-state';
import { CommandRejected } from './common/command-rejected';
import * as identities from './identities';
import * as progress from './progress';
import * as scenarios from './scenarios';
import * as sentinel from './sentinel';
import * as team from './team';
import type { MessageContract } from './define';

/** Every message in the system. The AsyncAPI document and the compatibility snapshot come from here. */
export const CONTRACTS: readonly MessageContract[] = [
  ...Object.values(accounts),
  CommandRejected,
  CoachStateChanged,
  TransitionPhase,
  GetCoachState,
  ...(Object.values(identities) as unknown[]).filter(isContract),
  ...(Object.values(chat) as unknown[]).filter(isContract),
  ...(Object.values(sentinel) as unknown[]).filter(isContract),
  ...(Object.values(team) as unknown[]).filter(isContract),
  ...(Object.values(progress) as unknown[]).filter(isContract),
  ...(Object.values(scenarios) as unknown[]).filter(isContract),
];

function isContract(value: unknown): value is MessageContract {
  return typeof value === 'object' && value !== null && 'subject' in value && 'kind' in value;
}

export function contractForSubject(subject: string): MessageContract | undefined {
  return CONTRACTS.find((contract) => contract.subject === subject);
}
