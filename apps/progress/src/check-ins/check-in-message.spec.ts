import { checkInMessage, needsGentleNudge } from './check-in-message';

const facts = { title: 'A 20-minute walk', occurrenceDueAt: new Date('2026-11-30T06:30:00Z'), timeZone: 'Europe/Paris', lowEnergy: false, gentle: false };
const heavy = { recentMisses: 2, latestEnergy: 3, recentNegativeEmotions: 1 };

describe(checkInMessage.name, () => {
  it('should name the commitment and its due time in the user time zone', () => {
    const message = checkInMessage({ ...facts, reason: 'DUE' });
    expect(message).toContain('"A 20-minute walk"');
    expect(message).toContain('Monday 07:30');
  });

  it('should ask about the person, with no reminder, when the nudge holds', () => {
    const reminder = checkInMessage({ ...facts, reason: 'MISSED', lowEnergy: true });
    const gentle = checkInMessage({ ...facts, reason: 'MISSED', lowEnergy: true, gentle: true });
    expect(reminder).toContain('what got in the way');
    expect(gentle).toContain('how are you, really?');
    expect(gentle).not.toContain('what got in the way');
    expect(checkInMessage({ ...facts, reason: 'DUE', gentle: true })).not.toContain('Did it happen?');
  });
});

describe(needsGentleNudge.name, () => {
  it('should nudge gently when missed commitments meet low energy and negative emotions', () => {
    expect(needsGentleNudge(heavy, 4)).toBe(true);
  });

  it('should not when any one of the three is missing', () => {
    expect(needsGentleNudge({ ...heavy, recentMisses: 0 }, 4)).toBe(false);
    expect(needsGentleNudge({ ...heavy, latestEnergy: 5 }, 4)).toBe(false);
    expect(needsGentleNudge({ ...heavy, latestEnergy: null }, 4)).toBe(false);
    expect(needsGentleNudge({ ...heavy, recentNegativeEmotions: 0 }, 4)).toBe(false);
  });
});
