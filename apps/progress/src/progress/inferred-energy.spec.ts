import { inferredEnergy } from './inferred-energy';

describe(inferredEnergy.name, () => {
  it('should map strong emotions to the ends of the scale and neutral ones to the middle', () => {
    expect(inferredEnergy({ valence: 'POSITIVE', intensity: 10 })).toBe(10);
    expect(inferredEnergy({ valence: 'POSITIVE', intensity: 1 })).toBe(6);
    expect(inferredEnergy({ valence: 'NEGATIVE', intensity: 10 })).toBe(1);
    expect(inferredEnergy({ valence: 'NEGATIVE', intensity: 1 })).toBe(5);
    expect(inferredEnergy({ valence: 'NEUTRAL', intensity: 8 })).toBe(5);
  });
});
