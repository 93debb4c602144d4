import { randomUUID } from 'node:crypto';

import {
  CommandRejected,
  CommitmentChanged,
  CompleteCommitment,
  CreateCommitment,
  CreateGoal,
  EnergyLogged,
  GoalChanged,
  ListCommitments,
  RecordEnergy,
  UpdateCheckInSettings,
  type PayloadOf,
} from '@tandem/contracts';

import { startProgress, type ProgressBed } from './support';

/** The commands behind the coach's progress actions: each answered by the event it causes, or command.rejected. */
describe('progress: the coach’s actions', () => {
  let bed: ProgressBed;

  beforeAll(async () => {
    bed = await startProgress();
  }, 60_000);

  afterAll(() => bed?.close());

  it('should keep a commitment stated "at 08:00" as due at the next 08:00 of the user’s clock, and complete it', async () => {
    const userId = randomUUID();
    await bed.ask(UpdateCheckInSettings, { userId, timeZone: 'Asia/Tokyo' });
    const created = await bed.client.publishForReply(CreateCommitment, { userId, title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' });
    expect(created.type).toBe(CommitmentChanged.type);
    const { commitment } = created.payload as PayloadOf<typeof CommitmentChanged>;
    const dueAt = new Date(commitment.dueAt);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(dueAt)).toBe('08:00');
    expect(dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(dueAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(commitment).toMatchObject({ schedule: 'DAILY', status: 'SCHEDULED' });

    const completed = await bed.client.publishForReply(CompleteCommitment, { userId, commitmentId: commitment.id, note: 'I did my walk this morning' });
    expect(completed.payload).toMatchObject({ outcome: 'COMPLETED', commitment: { id: commitment.id } });
    expect((await bed.ask(ListCommitments, { userId })).items[0]!.dueAt).not.toBe(commitment.dueAt); // a daily one moves on
  });

  it('should set a goal and record energy from the coach', async () => {
    const userId = randomUUID();
    expect((await bed.client.publishForReply(CreateGoal, { userId, title: 'Run a 10 km race', lifeArea: 'HEALTH' })).type).toBe(GoalChanged.type);
    const energy = await bed.client.publishForReply(RecordEnergy, { userId, level: 4, note: 'Tired' });
    expect(energy.type).toBe(EnergyLogged.type);
    expect(energy.payload).toMatchObject({ energy: { level: 4, source: 'USER' } });
  });

  it('should reject completing someone else’s commitment, and a due time in the past', async () => {
    const owner = randomUUID();
    const created = await bed.client.publishForReply(CreateCommitment, { userId: owner, title: 'Journal', at: '21:30' });
    const { commitment } = created.payload as PayloadOf<typeof CommitmentChanged>;
    const stolen = await bed.client.publishForReply(CompleteCommitment, { userId: randomUUID(), commitmentId: commitment.id });
    expect(stolen).toMatchObject({ type: CommandRejected.type, payload: { reason: 'Commitment not found' } });
    const past = await bed.client.publishForReply(CreateCommitment, { userId: owner, title: 'Yesterday', dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(past).toMatchObject({ type: CommandRejected.type, payload: { reason: expect.stringContaining('dueAt') } });
  });
});
