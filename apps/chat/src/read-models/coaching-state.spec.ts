import { coachingStateOf, type KnownContext, type KnownIdentity } from './coaching-state';

const identity = (id: string, overrides: Partial<KnownIdentity> = {}): KnownIdentity => ({
  id,
  name: `Identity ${id}`,
  category: 'CAREER',
  state: 'PROPOSED',
  affirmation: null,
  visualization: null,
  archived: false,
  ...overrides,
});
const context = (overrides: Partial<KnownContext> = {}): KnownContext => ({ phase: 'IDENTITY_CREATION', currentIdentityId: null, proposedIdentityId: null, ...overrides });

describe(coachingStateOf.name, () => {
  it('should start a user coach-state has not announced at GET_TO_KNOW_YOU, with nothing proposed or current', () => {
    expect(coachingStateOf(null, [])).toEqual({ phase: 'GET_TO_KNOW_YOU', identities: [], proposedIdentityId: null, currentIdentityId: null });
  });

  it("should use coach-state's ids while they still hold, even before the identity's own event arrived", () => {
    const state = coachingStateOf(context({ proposedIdentityId: 'p', currentIdentityId: 'c' }), [identity('c', { state: 'ACCEPTED' })]);
    expect(state).toMatchObject({ proposedIdentityId: 'p', currentIdentityId: 'c' });
  });

  it('should fall back to the newest proposed and accepted identities when coach-state has not caught up', () => {
    const identities = [identity('old', { state: 'ACCEPTED' }), identity('a'), identity('b'), identity('refined', { state: 'REFINEMENT_COMPLETE' })];
    expect(coachingStateOf(context(), identities)).toMatchObject({ proposedIdentityId: 'b', currentIdentityId: 'refined' });
  });

  it('should not offer a proposed identity that was accepted or archived meanwhile', () => {
    const identities = [identity('p', { state: 'ACCEPTED' }), identity('gone', { archived: true })];
    expect(coachingStateOf(context({ proposedIdentityId: 'p' }), identities)).toMatchObject({ proposedIdentityId: null, currentIdentityId: 'p' });
    expect(coachingStateOf(context({ currentIdentityId: 'gone' }), identities).identities.map((known) => known.id)).toEqual(['p']);
  });
});
