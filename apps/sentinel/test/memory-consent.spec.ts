import { randomUUID } from 'node:crypto';

import { EmotionRecorded, GetMemorySettings, NoteAdded, NoteDeleted, UpdateMemorySettings } from '@tandem/contracts';

import { expectEventually } from '@tandem/testing';

import { RetentionService } from '../src/retention/retention.service';
import { outcome, startSentinel, type SentinelBed } from './support';

describe('sentinel sensitive memory', () => {
  let bed: SentinelBed;

  beforeAll(async () => {
    // Health kept 30 days, work 400 here: a sweep shows each class on its own clock.
    bed = await startSentinel({ SENTINEL_RETENTION_DAYS_HEALTH: '30', SENTINEL_RETENTION_DAYS_WORK: '400', SENTINEL_SWEEP_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const rowsOf = (userId: string) => bed.sql<{ note: string; memory_class: string }>('select note, memory_class from sentinel.user_notes where user_id = $1 order by note', [userId]);
  const episodesOf = async (userId: string) => (await bed.sql<{ content: string }>('select content from sentinel.episodes where user_id = $1 order by said_at', [userId])).map((row) => row.content);
  const emotionsOf = (userId: string) => bed.sql('select id from sentinel.emotions where user_id = $1', [userId]);

  const SLEEP = "I've been sleeping badly for weeks.";
  const WORK = 'I work at Acme.';
  const STRESS = 'I feel so stressed about everything.';

  it('should class every note and keep no health or emotion memory until the user consents', async () => {
    const userId = randomUUID();
    expect(await bed.ask(GetMemorySettings, { userId })).toEqual({ userId, keepHealth: false, keepEmotions: false, updatedAt: null });

    const { outcomes } = await bed.say(userId, `${WORK} ${SLEEP}`);
    await bed.say(userId, STRESS);
    expect(outcomes.map((envelope) => outcome(NoteAdded, envelope).note)).toEqual([expect.objectContaining({ note: 'Works at Acme', memoryClass: 'work' })]);
    expect(await rowsOf(userId)).toEqual([{ note: 'Works at Acme', memory_class: 'work' }]);
    // The messages about sleep and feelings are not kept as episodes either; no emotion is read.
    expect(await episodesOf(userId)).toEqual([]);
    expect(await emotionsOf(userId)).toEqual([]);
    await bed.say(userId, 'We went to the lake on Sunday.');
    expect(await episodesOf(userId)).toEqual(['We went to the lake on Sunday.']);
  });

  it('should keep them once consented, and forget them (announced) when consent is withdrawn', async () => {
    const userId = randomUUID();
    const given = await bed.ask(UpdateMemorySettings, { userId, keepHealth: true, keepEmotions: true });
    expect(given).toMatchObject({ userId, keepHealth: true, keepEmotions: true, updatedAt: expect.any(String), forgotten: 0 });

    const { outcomes } = await bed.say(userId, `${WORK} ${SLEEP}`);
    const added = outcomes.filter((envelope) => envelope.type === NoteAdded.type).map((envelope) => outcome(NoteAdded, envelope).note);
    expect(added.map(({ note, memoryClass }) => [note, memoryClass]).sort()).toEqual([
      ['Has been sleeping badly for weeks', 'health'],
      ['Works at Acme', 'work'],
    ]);
    const stressed = await bed.say(userId, STRESS);
    expect(stressed.outcomes.map((envelope) => envelope.type)).toContain(EmotionRecorded.type);
    expect(await episodesOf(userId)).toEqual([`${WORK} ${SLEEP}`, STRESS]);

    // Withdrawing health: the health note and the message about sleep go; emotions stay.
    const withdrawn = await bed.ask(UpdateMemorySettings, { userId, keepHealth: false, keepEmotions: true });
    expect(withdrawn).toMatchObject({ keepHealth: false, keepEmotions: true, forgotten: 2 });
    expect(await rowsOf(userId)).toEqual([{ note: 'Works at Acme', memory_class: 'work' }]);
    expect(await episodesOf(userId)).toEqual([STRESS]);
    const health = added.find((note) => note.memoryClass === 'health')!;
    expect(bed.received.some((envelope) => envelope.type === NoteDeleted.type && outcome(NoteDeleted, envelope).noteId === health.id)).toBe(true);

    // Withdrawing emotions: the reading and the message about feelings go.
    expect(await bed.ask(UpdateMemorySettings, { userId, keepHealth: false, keepEmotions: false })).toMatchObject({ forgotten: 2 });
    expect(await emotionsOf(userId)).toEqual([]);
    expect(await episodesOf(userId)).toEqual([]);
    expect(await bed.ask(GetMemorySettings, { userId })).toMatchObject({ keepHealth: false, keepEmotions: false });
  });

  it('should refuse consent that is not a boolean, naming the field', async () => {
    await expect(bed.ask(UpdateMemorySettings, { userId: randomUUID(), keepHealth: 'yes' as unknown as boolean, keepEmotions: true })).rejects.toMatchObject({
      name: 'ContractViolationError',
      message: expect.stringContaining('keepHealth'),
    });
  });

  it("should delete each class's memories past its own retention, announced, on several replicas at once", async () => {
    const userId = randomUUID();
    await bed.consent(userId);
    await bed.say(userId, `${WORK} ${SLEEP}`);
    await bed.say(userId, 'I love hiking in the mountains.');
    // Everything learned 60 days ago: past health's 30 days, within work's 400 and other's 730.
    await bed.sql("update sentinel.user_notes set created_at = now() - interval '60 days' where user_id = $1", [userId]);
    await bed.sql("update sentinel.episodes set created_at = now() - interval '60 days' where user_id = $1", [userId]);
    const health = await bed.sql<{ id: string }>("select id from sentinel.user_notes where user_id = $1 and memory_class = 'health'", [userId]);
    expect(health).toHaveLength(1);

    const retention = bed.sentinel.get(RetentionService);
    const [one, two] = await Promise.all([retention.sweep(), retention.sweep()]);
    // The health note and the message about sleep went once, whichever replica took them.
    expect(one + two).toBeGreaterThanOrEqual(2);
    expect((await rowsOf(userId)).map((row) => row.memory_class).sort()).toEqual(['other', 'work']);
    expect(await episodesOf(userId)).toEqual(['I love hiking in the mountains.']);
    await expectDeletedAnnounced(health[0]!.id);

    // A year and a half later the work note goes too; the taste (other, 730 days) stays.
    await bed.sql("update sentinel.user_notes set created_at = now() - interval '500 days' where user_id = $1", [userId]);
    await retention.sweep();
    expect((await rowsOf(userId)).map((row) => row.memory_class)).toEqual(['other']);
  });

  async function expectDeletedAnnounced(noteId: string): Promise<void> {
    await expectEventually(() => expect(bed.received.some((envelope) => envelope.type === NoteDeleted.type && outcome(NoteDeleted, envelope).noteId === noteId)).toBe(true));
  }
});
