import { randomUUID } from 'node:crypto';

import {
  CoachStateChanged,
  CommandRejected,
  GetCoachState,
  IdentityAccepted,
  IdentityArchived,
  IdentityProposed,
  IdentityRefinementCompleted,
  TransitionPhase,
  UserDeleted,
  UserErased,
  UserRegistered,
  exampleIdentity,
  type DurableContract,
  type IdentityView,
} from '@tandem/contracts';
import { QueryRejectedError, type MessageBus, type QueryClient } from '@tandem/messaging';
import { expectConsumer, expectEventually } from '@tandem/testing';

import { startCoachState, type CoachStateBed } from './support';

describe('coach-state service', () => {
  let bed: CoachStateBed;
  let bus: MessageBus;
  let queries: QueryClient;

  beforeAll(async () => {
    bed = await startCoachState();
    ({ bus, queries } = bed);
  });

  afterAll(() => bed?.close());

  /** Publishes a message as its owner would. */
  const publish = (contract: DurableContract, payload: unknown, userId: string) => bus.transaction(async ({ emit }) => emit(contract, payload as never, { userId }));

  async function outboxOf(userId: string, subject: string): Promise<Array<Record<string, unknown>>> {
    const rows = await bed.sql<{ envelope: { payload: Record<string, unknown> } }>("select envelope from coach_state.outbox where subject = $1 and envelope->>'userId' = $2 order by created_at", [
      subject,
      userId,
    ]);
    return rows.map((row) => row.envelope.payload);
  }

  const state = (userId: string) => queries.ask(GetCoachState, { userId });

  async function registeredUser(): Promise<string> {
    const userId = randomUUID();
    await publish(UserRegistered, { ...UserRegistered.example, userId }, userId);
    await expectEventually(async () => expect((await state(userId)).currentPhase).toBe('GET_TO_KNOW_YOU'));
    return userId;
  }

  const identity = (userId: string, overrides: Partial<IdentityView> = {}): IdentityView => ({ ...exampleIdentity, id: randomUUID(), userId, ...overrides });

  it('should create one coach state per user from user.registered, emitting coach-state.changed', async () => {
    const userId = await registeredUser();
    await publish(UserRegistered, { ...UserRegistered.example, userId }, userId); // a re-registration event changes nothing

    await expectEventually(async () => expect(await outboxOf(userId, CoachStateChanged.subject)).toHaveLength(1));
    const [created] = await outboxOf(userId, CoachStateChanged.subject);
    expect(CoachStateChanged.payload.parse(created)).toMatchObject({ change: 'created', state: { userId, currentPhase: 'GET_TO_KNOW_YOU' } });
  });

  it('should answer 404 for a user it does not know', async () => {
    await expect(state(randomUUID())).rejects.toMatchObject({ name: QueryRejectedError.name, status: 404 });
  });

  it('should move the phase on an allowed transition command', async () => {
    const userId = await registeredUser();
    await publish(TransitionPhase, { userId, to: 'IDENTITY_CREATION' }, userId);

    await expectEventually(async () => expect((await state(userId)).currentPhase).toBe('IDENTITY_CREATION'));
    const changes = (await outboxOf(userId, CoachStateChanged.subject)).map((payload) => CoachStateChanged.payload.parse(payload));
    expect(changes.at(-1)).toMatchObject({ change: 'phase', previousPhase: 'GET_TO_KNOW_YOU' });
  });

  it('should refuse a transition whose condition fails, with the reason, leaving the state unchanged', async () => {
    const userId = await registeredUser();
    await publish(TransitionPhase, { userId, to: 'IDENTITY_CREATION' }, userId);
    await expectEventually(async () => expect((await state(userId)).currentPhase).toBe('IDENTITY_CREATION'));

    await publish(TransitionPhase, { userId, to: 'IDENTITY_REFINEMENT' }, userId);
    await expectEventually(async () => expect(await outboxOf(userId, CommandRejected.subject)).toHaveLength(1));
    const [rejected] = await outboxOf(userId, CommandRejected.subject);
    expect(CommandRejected.payload.parse(rejected)).toEqual({ userId, command: 'coach-state.transition', reason: 'IDENTITY_REFINEMENT needs at least one accepted identity' });
    expect((await state(userId)).currentPhase).toBe('IDENTITY_CREATION');
  });

  it('should keep proposed and current identity in step with identity events, then allow refinement', async () => {
    const userId = await registeredUser();
    const first = identity(userId, { state: 'PROPOSED' });
    await publish(TransitionPhase, { userId, to: 'IDENTITY_CREATION' }, userId);
    await publish(IdentityProposed, { identity: first }, userId);
    await expectEventually(async () => expect(await state(userId)).toMatchObject({ proposedIdentityId: first.id, currentIdentityId: null }));

    await publish(IdentityAccepted, { identity: { ...first, state: 'ACCEPTED' } }, userId);
    await expectEventually(async () => expect(await state(userId)).toMatchObject({ proposedIdentityId: null, currentIdentityId: first.id }));

    await publish(TransitionPhase, { userId, to: 'IDENTITY_REFINEMENT' }, userId);
    await expectEventually(async () => expect((await state(userId)).currentPhase).toBe('IDENTITY_REFINEMENT'));
    await publish(IdentityRefinementCompleted, { identity: { ...first, state: 'REFINEMENT_COMPLETE' } }, userId);
    // An event and a command travel on two subjects, in no promised order: the transition is sent once the refinement is known.
    await expectEventually(async () => expect((await state(userId)).progress.refinedIdentityIds).toEqual([first.id]));
    await publish(TransitionPhase, { userId, to: 'INTEGRATION' }, userId);
    await expectEventually(async () => expect((await state(userId)).currentPhase).toBe('INTEGRATION'));
  });

  it('should clear the current identity when it is archived, as SET NULL did', async () => {
    const userId = await registeredUser();
    const kept = identity(userId, { state: 'ACCEPTED' });
    await publish(IdentityAccepted, { identity: kept }, userId);
    await expectEventually(async () => expect((await state(userId)).currentIdentityId).toBe(kept.id));

    await publish(IdentityArchived, { identity: { ...kept, archived: true } }, userId);
    await expectEventually(async () => expect(await state(userId)).toMatchObject({ currentIdentityId: null, progress: { acceptedIdentityIds: [] } }));
  });

  it('should apply an identity event that arrives before user.registered once the state exists', async () => {
    const userId = randomUUID();
    const early = identity(userId, { state: 'PROPOSED' });
    await publish(IdentityProposed, { identity: early }, userId);
    // coach-state has tried it and, with no state for the user yet, holds it for a retry.
    await expectConsumer('coach-state', IdentityProposed.subject, 'retrying');
    await publish(UserRegistered, { ...UserRegistered.example, userId }, userId);
    await expectEventually(async () => expect((await state(userId)).proposedIdentityId).toBe(early.id), { timeoutMs: 15_000 });
  });

  it('should erase the user and confirm with user.erased', async () => {
    const userId = await registeredUser();
    await publish(UserDeleted, { userId, requestedAt: new Date().toISOString() }, userId);

    await expectEventually(async () => expect(await outboxOf(userId, UserErased.subject)).toEqual([{ userId, service: 'coach-state', erasedRows: 1 }]));
    await expect(state(userId)).rejects.toMatchObject({ status: 404 });
  });

  it("should handle each consumed contract's example message (contract test)", async () => {
    // Each example, addressed to a registered user, is applied without landing in the dead-letter subject.
    const userId = await registeredUser();
    for (const contract of [IdentityProposed, IdentityAccepted, IdentityRefinementCompleted, IdentityArchived]) {
      await publish(contract, { identity: { ...exampleIdentity, userId } }, userId);
    }
    await publish(TransitionPhase, { ...TransitionPhase.example, userId }, userId);
    await expectEventually(async () => {
      const changes = (await outboxOf(userId, CoachStateChanged.subject)).map((payload) => CoachStateChanged.payload.parse(payload));
      // Different subjects have no order between them: count, don't sequence.
      expect(changes.map((change) => change.change).sort()).toEqual(['created', 'identities', 'identities', 'identities', 'identities', 'phase']);
    });
  });
});
