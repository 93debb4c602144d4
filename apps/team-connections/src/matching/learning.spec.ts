import { ALL, outcomeLift, type OutcomeCounts } from './learning';

const counts = (suggested: number, connected: number, declined: number, accepted: number): OutcomeCounts => ({ suggested, connected, declined, accepted });

describe('outcomeLift', () => {
  it('should leave a score alone without any outcomes', () => {
    expect(outcomeLift(['reason:expertise_match'], undefined)).toBe(1);
    expect(outcomeLift(['reason:expertise_match'], new Map())).toBe(1);
  });

  it('should lift a feature whose pairs connect and are accepted more than average, and lower one that is declined', () => {
    const stats = new Map([
      [ALL, counts(200, 60, 40, 36)],
      ['reason:expertise_match', counts(100, 50, 5, 40)],
      ['reason:complementary_strengths', counts(100, 10, 35, 2)],
    ]);
    expect(outcomeLift(['reason:expertise_match'], stats)).toBeGreaterThan(1.1);
    expect(outcomeLift(['reason:complementary_strengths'], stats)).toBeLessThan(0.9);
    expect(outcomeLift(['department:same'], stats)).toBe(1); // a feature never seen
  });

  it('should move little on a handful of answers, and stay within its bounds', () => {
    const few = new Map([
      [ALL, counts(3, 1, 1, 1)],
      ['reason:similar_challenge', counts(2, 1, 0, 1)],
    ]);
    expect(Math.abs(outcomeLift(['reason:similar_challenge'], few) - 1)).toBeLessThan(0.15);
    const extreme = new Map([
      [ALL, counts(10_000, 1_000, 1_000, 500)],
      ['a', counts(1_000, 1_000, 0, 1_000)],
      ['b', counts(1_000, 1_000, 0, 1_000)],
      ['c', counts(1_000, 1_000, 0, 1_000)],
    ]);
    expect(outcomeLift(['a'], extreme)).toBeCloseTo(1.25);
    expect(outcomeLift(['a', 'b', 'c'], extreme)).toBeCloseTo(1.5);
  });
});
