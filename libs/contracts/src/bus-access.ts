import {
  AcceptIdentity,
  ArchiveIdentity,
  CompleteIdentityRefinement,
  IdentityAccepted,
  IdentityArchived,
  IdentityProposed,
  IdentityRefinementCompleted,
  IdentityUpdated,
  ProposeIdentity,
  UpdateIdentity,
} from './identities';
import { UserDeleted, UserErased, UserRegistered } from './accounts';
import { ChatMessageCreated } from './chat';
import { CoachStateChanged, TransitionPhase } from './coach-state';
import { CommandRejected } from './common/command-rejected';
import type { CommandContract, DurableContract, QueryContract } from './define';
import { CONTRACTS } from './registry';
import { TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset } from './scenarios';
import { CheckInDue, CommitmentChanged, CompleteCommitment, CreateCommitment, CreateGoal, EnergyLogged, GoalChanged, InsightFound, RecordEnergy, ReportGenerated } from './progress';
import { CorrectNote, EmotionRecorded, ForgetNote, ListNotes, NoteAdded, NoteDeleted, NoteSuperseded, NoteUpdated, SearchNotes } from './sentinel';
import { ConnectionsSuggested, SuggestConnections, TeamProfileSaved } from './team';

/**
 * What each service may do on the bus. NATS permissions are generated from this (docs/security.md#the-bus),
 * so a service can publish, consume and ask only what is declared here, and the messaging library
 * refuses at start-up a consumer that is not declared. Derived rather than declared:
 * - the events a service publishes are those it owns, plus the ones any service may publish;
 * - the queries it answers are those it owns.
 */
export interface BusAccess {
  /** Durable events and commands it consumes; `handler` names a second consumer of one subject. */
  readonly consumes: readonly Consumption[];
  /** Commands it sends and queries it asks. */
  readonly sends: ReadonlyArray<CommandContract | QueryContract>;
  /** `publish`: sends live messages to users' open clients; `subscribe` too: holds those clients (the gateway alone). */
  readonly live?: 'publish' | 'publish-and-subscribe';
  /** Completes erasures: purges a user's dead letters, of every service. */
  readonly purgesDeadLetters?: true;
}

export interface Consumption {
  readonly contract: DurableContract;
  readonly handler?: string;
}

/** Events whose contract names no single owner: any service may publish them. */
export const SHARED_EVENTS: readonly DurableContract[] = [CommandRejected, UserErased, TestScenarioApplied, TestScenarioCleared];

/** Durable events the gateway keeps for the user's live stream and Last-Event-ID resume. */
export const USER_FACING_EVENTS = CONTRACTS.filter((contract): contract is DurableContract => contract.kind === 'event' && contract.notifiesUser === true);

/** The handler name of the gateway's consumers of user-facing events (a second consumer beside any other). */
export const LIVE_EVENTS_HANDLER = 'live-events';
/** The handler name of chat's consumers that settle a coach message's actions. */
export const ACTION_RESULTS_HANDLER = 'action-results';
/** The handler name of chat's consumer that answers a user's message. */
export const COACH_TURN_HANDLER = 'coach-turn';

const consume = (...contracts: DurableContract[]): Consumption[] => contracts.map((contract) => ({ contract }));
const consumeAs = (handler: string, ...contracts: DurableContract[]): Consumption[] => contracts.map((contract) => ({ contract, handler }));
/** Every service that owns data loads and clears its part of a test scenario, and erases a deleted user. */
const dataOwner = consume(UserDeleted, TestScenarioLoaded, TestScenarioReset);
const queriesOf = (owner: string) => CONTRACTS.filter((contract): contract is QueryContract => contract.kind === 'query' && contract.owner === owner);

export const BUS_ACCESS = {
  gateway: {
    consumes: [...consume(UserErased, TestScenarioApplied, TestScenarioCleared), ...consumeAs(LIVE_EVENTS_HANDLER, ...USER_FACING_EVENTS)],
    // The public API asks every service's queries on the user's behalf.
    sends: ['chat', 'coach-state', 'identities', 'sentinel', 'team-connections', 'progress'].flatMap(queriesOf),
    live: 'publish-and-subscribe',
    purgesDeadLetters: true,
  },
  'coach-state': {
    consumes: [...dataOwner, ...consume(UserRegistered, TransitionPhase, IdentityProposed, IdentityAccepted, IdentityRefinementCompleted, IdentityArchived)],
    sends: [],
  },
  identities: {
    consumes: [...dataOwner, ...consume(ProposeIdentity, UpdateIdentity, AcceptIdentity, CompleteIdentityRefinement, ArchiveIdentity)],
    sends: [],
  },
  chat: {
    consumes: [
      ...dataOwner,
      // Read models of the user's coaching state and identities, applied where the actions they settle are (one read of each event).
      ...consumeAs(ACTION_RESULTS_HANDLER, IdentityProposed, IdentityUpdated, IdentityAccepted, IdentityRefinementCompleted, CoachStateChanged, ConnectionsSuggested, CommandRejected),
      ...consume(IdentityArchived),
      ...consumeAs(COACH_TURN_HANDLER, ChatMessageCreated),
      // Progress's answers to the coach's actions, and the commitments the coach's context lists.
      ...consumeAs(ACTION_RESULTS_HANDLER, GoalChanged, CommitmentChanged, EnergyLogged),
      // A commitment falling due opens a check-in conversation; the latest report and insights join the coach's context.
      ...consume(CheckInDue, ReportGenerated, InsightFound),
      // Sentinel's answers to the coach's memory actions (forget_note, correct_note).
      ...consumeAs(ACTION_RESULTS_HANDLER, NoteDeleted, NoteSuperseded),
      // The user's name and AST strengths for the coach's context.
      ...consume(TeamProfileSaved),
    ],
    // The coach's actions, and its memory.
    sends: [
      ProposeIdentity,
      UpdateIdentity,
      AcceptIdentity,
      CompleteIdentityRefinement,
      TransitionPhase,
      SuggestConnections,
      CreateGoal,
      CreateCommitment,
      CompleteCommitment,
      RecordEnergy,
      ForgetNote,
      CorrectNote,
      SearchNotes,
      // "What do you remember about me?": the user's newest notes rather than the few most relevant.
      ListNotes,
    ],
    live: 'publish',
  },
  sentinel: {
    consumes: [...dataOwner, ...consume(ChatMessageCreated, ForgetNote, CorrectNote)],
    sends: [],
  },
  'team-connections': {
    consumes: [...dataOwner, ...consume(SuggestConnections)],
    sends: [],
  },
  progress: {
    // Energy inferred from the emotions Sentinel hears in chat; the notes that changed, for reports; the coach's progress actions.
    consumes: [...dataOwner, ...consume(EmotionRecorded, NoteAdded, NoteUpdated, NoteSuperseded, NoteDeleted, CreateGoal, CreateCommitment, CompleteCommitment, RecordEnergy)],
    sends: [],
  },
} as const satisfies Record<string, BusAccess>;

export type BusService = keyof typeof BUS_ACCESS;

export function busAccessOf(service: string): BusAccess | undefined {
  return (BUS_ACCESS as Record<string, BusAccess>)[service];
}

/** The events a service may publish: those it owns and the shared ones. */
export function publishedEvents(service: string): DurableContract[] {
  return [...CONTRACTS.filter((contract): contract is DurableContract => contract.kind === 'event' && contract.owner === service), ...SHARED_EVENTS];
}

/** The queries a service answers. */
export function answeredQueries(service: string): QueryContract[] {
  return queriesOf(service);
}
