import { randomUUID } from 'node:crypto';

import { GetCoachState, TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset, UserRegistered, type DurableContract } from '@tandem/contracts';
import type { MessageBus, QueryClient } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { startCoachState, type CoachStateBed } from './support';

/** coach-state's part of test scenarios, against the real Postgres and NATS. */
describe('coach-state test scenarios', () => {
  let bed: CoachStateBed;
  let bus: MessageBus;
  let queries: QueryClient;

  beforeAll(async () => {
    bed = await startCoachState();
    ({ bus, queries } = bed);
  });

  afterAll(() => bed?.close());

  const publish = (contract: DurableContract, payload: unknown, meta: { userId?: string; testScenarioId?: string }) => bus.transaction(async ({ emit }) => emit(contract, payload as never, meta));
  const state = (userId: string) => queries.ask(GetCoachState, { userId });
  const outbox = async (subject: string, scenarioId: string) =>
    (await bed.sql<{ envelope: { payload: unknown } }>("select envelope from coach_state.outbox where subject = $1 and envelope->'payload'->>'scenarioId' = $2", [subject, scenarioId])).map(
      (row) => row.envelope.payload,
    );

  it('should create the state in the template phase when test-scenario.loaded comes before user.registered, and clear only tagged states', async () => {
    const scenarioId = randomUUID();
    const [first, second, someone] = [randomUUID(), randomUUID(), randomUUID()];
    await publish(UserRegistered, { ...UserRegistered.example, userId: someone }, { userId: someone });
    await publish(TestScenarioLoaded, { scenarioId, userId: first, template: { user: {}, coach: { phase: 'IDENTITY_REFINEMENT' } } }, { userId: first, testScenarioId: scenarioId });
    await expectEventually(async () => expect(await state(first)).toMatchObject({ currentPhase: 'IDENTITY_REFINEMENT' }));
    // The account's user.registered, arriving late, finds the state and changes nothing.
    await publish(UserRegistered, { ...UserRegistered.example, userId: first }, { userId: first, testScenarioId: scenarioId });
    // The other order: registered (tagged by its envelope) first, then loaded without a coach section.
    await publish(UserRegistered, { ...UserRegistered.example, userId: second }, { userId: second, testScenarioId: scenarioId });
    await expectEventually(async () => expect(await state(second)).toMatchObject({ currentPhase: 'GET_TO_KNOW_YOU' }));
    await publish(TestScenarioLoaded, { scenarioId, userId: second, template: { user: {} } }, { userId: second, testScenarioId: scenarioId });

    await expectEventually(async () => expect(await outbox(TestScenarioApplied.subject, scenarioId)).toHaveLength(2));
    expect((await outbox(TestScenarioApplied.subject, scenarioId)).map((payload) => TestScenarioApplied.payload.parse(payload))).toEqual(
      expect.arrayContaining([
        { scenarioId, userId: first, service: 'coach-state', rows: 1 },
        { scenarioId, userId: second, service: 'coach-state', rows: 1 },
      ]),
    );
    expect((await state(first)).currentPhase).toBe('IDENTITY_REFINEMENT');

    await publish(TestScenarioReset, { scenarioId, userIds: [first, second] }, { testScenarioId: scenarioId });
    await expectEventually(async () => expect(await outbox(TestScenarioCleared.subject, scenarioId)).toEqual([{ scenarioId, service: 'coach-state', deletedRows: 2 }]));
    await expect(state(first)).rejects.toMatchObject({ status: 404 });
    expect((await state(someone)).currentPhase).toBe('GET_TO_KNOW_YOU');
  });
});
