import { completionWindow, shiftDay, streaks } from './consistency';

const day = (d: string, completed: number, missed = 0, skipped = 0) => ({ day: d, completed, missed, skipped });

describe('consistency', () => {
  it('should count completion over the window ending today only', () => {
    const days = [day('2026-11-01', 1), day('2026-11-20', 1, 1), day('2026-11-25', 2, 0, 1), day('2026-11-26', 1)];
    expect(completionWindow(days, '2026-11-26', 7)).toEqual({ days: 7, due: 6, completed: 4, skipped: 1, missed: 1, rate: 0.67 });
    expect(completionWindow(days, '2026-11-26', 21).due).toBe(6);
    expect(completionWindow(days, '2026-11-26', 2)).toMatchObject({ due: 4, completed: 3 });
  });

  it('should give no rate when nothing was due', () => {
    expect(completionWindow([], '2026-11-26', 7).rate).toBeNull();
  });

  it('should break a streak on a missed day and keep it across days with nothing due', () => {
    const days = [day('2026-11-01', 1), day('2026-11-02', 1), day('2026-11-03', 1), day('2026-11-04', 0, 1), day('2026-11-06', 1), day('2026-11-09', 1), day('2026-11-10', 0, 0, 1)];
    expect(streaks(days)).toEqual({ currentStreak: 2, longestStreak: 3 });
  });

  it('should end the current streak at zero when the latest day was missed', () => {
    expect(streaks([day('2026-11-01', 1), day('2026-11-02', 1, 1)])).toEqual({ currentStreak: 0, longestStreak: 1 });
  });

  it('should move dates across month ends', () => {
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2026-11-26', -20)).toBe('2026-11-06');
  });
});
