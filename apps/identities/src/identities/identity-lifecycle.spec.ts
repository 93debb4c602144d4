import type { IdentityState } from '@tandem/contracts';

import { IdentityError, IdentityErrorCode } from './identity.errors';
import { accept, archive, completeRefinement, edit, type LifecycleIdentity } from './identity-lifecycle';

const identity = (overrides: Partial<LifecycleIdentity> = {}): LifecycleIdentity => ({
  state: 'PROPOSED',
  affirmation: 'I lead with calm.',
  visualization: 'I open Monday planning with a clear voice.',
  archivedAt: null,
  ...overrides,
});

/** Runs a rule and returns the code it refused with (undefined when it allowed the move). */
function refusal(rule: () => unknown): IdentityErrorCode | undefined {
  try {
    rule();
    return undefined;
  } catch (error) {
    if (error instanceof IdentityError) return error.code;
    throw error;
  }
}

describe('identity lifecycle', () => {
  describe(accept.name, () => {
    it('should move a proposed identity to ACCEPTED', () => {
      expect(accept(identity())).toEqual({ state: 'ACCEPTED' });
    });

    it.each<IdentityState>(['ACCEPTED', 'REFINEMENT_COMPLETE'])('should refuse when the identity is %s (states only move forward)', (state) => {
      expect(refusal(() => accept(identity({ state })))).toBe(IdentityErrorCode.NOT_PROPOSED);
    });

    it('should refuse when the identity is archived', () => {
      expect(refusal(() => accept(identity({ archivedAt: new Date() })))).toBe(IdentityErrorCode.ARCHIVED);
    });
  });

  describe(completeRefinement.name, () => {
    it('should move an accepted identity with affirmation and visualization to REFINEMENT_COMPLETE', () => {
      expect(completeRefinement(identity({ state: 'ACCEPTED' }))).toEqual({ state: 'REFINEMENT_COMPLETE' });
    });

    it.each<IdentityState>(['PROPOSED', 'REFINEMENT_COMPLETE'])('should refuse when the identity is %s', (state) => {
      expect(refusal(() => completeRefinement(identity({ state })))).toBe(IdentityErrorCode.NOT_ACCEPTED);
    });

    it('should refuse, naming what is missing, when the affirmation or visualization is missing', () => {
      expect(refusal(() => completeRefinement(identity({ state: 'ACCEPTED', affirmation: null })))).toBe(IdentityErrorCode.REFINEMENT_INCOMPLETE);
      expect(() => completeRefinement(identity({ state: 'ACCEPTED', affirmation: null, visualization: null }))).toThrow('Refinement needs an affirmation and a visualization');
      expect(() => completeRefinement(identity({ state: 'ACCEPTED', visualization: null }))).toThrow('Refinement needs a visualization');
    });

    it('should refuse when the identity is archived', () => {
      expect(refusal(() => completeRefinement(identity({ state: 'ACCEPTED', archivedAt: new Date() })))).toBe(IdentityErrorCode.ARCHIVED);
    });
  });

  describe(archive.name, () => {
    it.each<IdentityState>(['PROPOSED', 'ACCEPTED', 'REFINEMENT_COMPLETE'])('should archive an identity that is %s', (state) => {
      const at = new Date('2026-11-23T10:00:00Z');
      expect(archive(identity({ state }), at)).toEqual({ archivedAt: at });
    });

    it('should refuse to archive twice', () => {
      expect(refusal(() => archive(identity({ archivedAt: new Date() }), new Date()))).toBe(IdentityErrorCode.ALREADY_ARCHIVED);
    });
  });

  describe(edit.name, () => {
    it('should keep only the fields given', () => {
      expect(edit(identity({ state: 'REFINEMENT_COMPLETE' }), { name: 'The Steady Leader', affirmation: undefined })).toEqual({ name: 'The Steady Leader' });
    });

    it('should refuse an edit that changes nothing', () => {
      expect(refusal(() => edit(identity(), {}))).toBe(IdentityErrorCode.NOTHING_TO_EDIT);
    });

    it('should refuse to edit an archived identity', () => {
      expect(refusal(() => edit(identity({ archivedAt: new Date() }), { name: 'x' }))).toBe(IdentityErrorCode.ARCHIVED);
    });
  });

  it('should give every refusal a status for request/reply', () => {
    expect(IdentityError.notFound().status).toBe(404);
    expect(new IdentityError(IdentityErrorCode.NOT_PROPOSED, 'x').status).toBe(409);
    expect(new IdentityError(IdentityErrorCode.NOTHING_TO_EDIT, 'x').status).toBe(400);
  });
});
