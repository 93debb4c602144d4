import { checkInMessage } from './check-in-message';

const facts = { title: 'A 20-minute walk', occurrenceDueAt: new Date('2026-11-30T06:30:00Z'), timeZone: 'Europe/Paris', lowEnergy: false };

describe(checkInMessage.name, () => {
  it('should name the commitment and its due time in the user time zone', () => {
    const message = checkInMessage({ ...facts, reason: 'DUE' });
    expect(message).toContain('"A 20-minute walk"');
    expect(message).toContain('Monday 07:30');
  });

  it('should ask about the person, not the task, when a missed commitment meets low energy', () => {
    const reminder = checkInMessage({ ...facts, reason: 'MISSED' });
    const gentle = checkInMessage({ ...facts, reason: 'MISSED', lowEnergy: true });
    expect(reminder).toContain('what got in the way');
    expect(gentle).toContain('how are you, really?');
    expect(gentle).not.toContain('what got in the way');
  });
});
