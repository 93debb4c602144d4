import { allowedMoves, assertTransition, TransitionRefused } from './phase-machine';

const none = { acceptedIdentityIds: [], refinedIdentityIds: [] };
const accepted = { acceptedIdentityIds: ['a'], refinedIdentityIds: [] };
const refined = { acceptedIdentityIds: ['a'], refinedIdentityIds: ['a'] };

describe(assertTransition.name, () => {
  it('should allow the journey forward when its conditions hold', () => {
    expect(() => assertTransition('GET_TO_KNOW_YOU', 'IDENTITY_CREATION', none)).not.toThrow();
    expect(() => assertTransition('IDENTITY_CREATION', 'IDENTITY_REFINEMENT', accepted)).not.toThrow();
    expect(() => assertTransition('IDENTITY_REFINEMENT', 'INTEGRATION', refined)).not.toThrow();
    expect(() => assertTransition('INTEGRATION', 'COMPLETED', refined)).not.toThrow();
  });

  it('should refuse refinement without an accepted identity, with the reason', () => {
    expect(() => assertTransition('IDENTITY_CREATION', 'IDENTITY_REFINEMENT', none)).toThrow(
      new TransitionRefused('IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'IDENTITY_REFINEMENT needs at least one accepted identity'),
    );
  });

  it('should refuse integration until an identity is refined', () => {
    expect(() => assertTransition('IDENTITY_REFINEMENT', 'INTEGRATION', accepted)).toThrow(/needs at least one identity whose refinement is complete/);
  });

  it('should refuse skipping phases, staying put, and leaving COMPLETED', () => {
    expect(() => assertTransition('GET_TO_KNOW_YOU', 'IDENTITY_REFINEMENT', refined)).toThrow('GET_TO_KNOW_YOU cannot move to IDENTITY_REFINEMENT (allowed: IDENTITY_CREATION)');
    expect(() => assertTransition('IDENTITY_CREATION', 'IDENTITY_CREATION', none)).toThrow('Already in IDENTITY_CREATION');
    expect(() => assertTransition('COMPLETED', 'IDENTITY_CREATION', refined)).toThrow(/the journey is complete/);
  });

  it('should let a user go back to create another identity from refinement or integration', () => {
    expect(allowedMoves('IDENTITY_REFINEMENT')).toContain('IDENTITY_CREATION');
    expect(allowedMoves('INTEGRATION')).toContain('IDENTITY_CREATION');
    expect(allowedMoves('GET_TO_KNOW_YOU')).not.toContain('GET_TO_KNOW_YOU');
  });
});
