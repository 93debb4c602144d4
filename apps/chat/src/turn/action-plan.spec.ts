import {
  AcceptIdentity,
  CompleteCommitment,
  CompleteIdentityRefinement,
  CorrectNote,
  CreateCommitment,
  CreateGoal,
  ForgetNote,
  ProposeIdentity,
  RecordEnergy,
  SuggestConnections,
  TransitionPhase,
  UpdateIdentity,
} from '@tandem/contracts';

import { FORGET_UNCONFIRMED, namesNote, planAction, type ActionScope } from './action-plan';

const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';
const proposed = '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61';
const current = '1c8f6a43-1c1e-4f7a-9a57-3d8c2a4b5e62';
const scope = (overrides: Partial<ActionScope> = {}): ActionScope => ({
  userId,
  phase: 'IDENTITY_CREATION',
  allowed: ['propose_identity', 'update_identity', 'accept_identity', 'complete_identity_refinement', 'transition_phase', 'suggest_connection'],
  proposedIdentityId: proposed,
  currentIdentityId: current,
  notes: [],
  lastCoachMessage: null,
  ...overrides,
});

describe(planAction.name, () => {
  it("should turn each action into its owner's command", () => {
    const plan = (name: Parameters<typeof planAction>[0]['name'], args: unknown) => planAction({ name, args }, scope());
    expect(plan('propose_identity', { category: 'HEALTH', name: 'The Runner' })).toMatchObject({
      status: 'PENDING',
      command: { contract: ProposeIdentity, payload: { userId, category: 'HEALTH', name: 'The Runner' } },
    });
    expect(plan('update_identity', { affirmation: 'I run.' })).toMatchObject({ status: 'PENDING', parameters: { identityId: current, affirmation: 'I run.' }, command: { contract: UpdateIdentity } });
    expect(plan('accept_identity', {})).toMatchObject({ status: 'PENDING', command: { contract: AcceptIdentity, payload: { userId, identityId: proposed } } });
    expect(plan('complete_identity_refinement', { identityId: proposed })).toMatchObject({ command: { contract: CompleteIdentityRefinement, payload: { identityId: proposed } } });
    expect(plan('transition_phase', { toPhase: 'IDENTITY_REFINEMENT' })).toMatchObject({
      command: { contract: TransitionPhase, payload: { userId, to: 'IDENTITY_REFINEMENT' } },
      parameters: { toPhase: 'IDENTITY_REFINEMENT' },
    });
    expect(plan('suggest_connection', { context: 'Our Kubernetes upgrade keeps failing', limit: 2 })).toEqual({
      type: 'suggest_connection',
      status: 'PENDING',
      parameters: { context: 'Our Kubernetes upgrade keeps failing', limit: 2 },
      command: { contract: SuggestConnections, payload: { userId, context: 'Our Kubernetes upgrade keeps failing', limit: 2 } },
    });
    // Without a limit, the contract's default (3) applies when the command is sent.
    expect(plan('suggest_connection', { context: 'Hiring my first engineer' })).toMatchObject({ command: { payload: { userId, context: 'Hiring my first engineer' } } });
    expect(plan('suggest_connection', { context: 'Hiring my first engineer' })).not.toHaveProperty('command.payload.limit');
  });

  it('should refuse what the prompt does not allow, whatever its arguments', () => {
    expect(planAction({ name: 'accept_identity', args: {} }, scope({ phase: 'GET_TO_KNOW_YOU', allowed: ['transition_phase'] }))).toEqual({
      type: 'accept_identity',
      status: 'REFUSED',
      parameters: {},
      reason: 'accept_identity is not allowed in the GET_TO_KNOW_YOU phase',
    });
  });

  it('should refuse invalid arguments with what is wrong', () => {
    const refused = planAction({ name: 'update_identity', args: { identityId: 'not-a-uuid', name: 'x' } }, scope());
    expect(refused).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('identityId') });
    expect(planAction({ name: 'update_identity', args: {} }, scope())).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('needs a name, an affirmation or a visualization') });
  });

  it('should refuse an action about an identity the user does not have yet', () => {
    expect(planAction({ name: 'accept_identity', args: {} }, scope({ proposedIdentityId: null }))).toMatchObject({ status: 'REFUSED', reason: 'There is no proposed identity to accept' });
    expect(planAction({ name: 'update_identity', args: { name: 'New' } }, scope({ proposedIdentityId: null, currentIdentityId: null }))).toMatchObject({
      status: 'REFUSED',
      parameters: { name: 'New' },
    });
  });

  it('should send the progress actions to progress, and refuse them where the prompt does not allow them', () => {
    const allowed = scope({ phase: 'INTEGRATION', allowed: ['create_goal', 'create_commitment', 'complete_commitment', 'log_energy'] });
    const commitmentId = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
    expect(planAction({ name: 'create_commitment', args: { title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' } }, allowed)).toMatchObject({
      status: 'PENDING',
      command: { contract: CreateCommitment, payload: { userId, title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' } },
    });
    expect(planAction({ name: 'complete_commitment', args: { commitmentId } }, allowed)).toMatchObject({ command: { contract: CompleteCommitment, payload: { userId, commitmentId } } });
    expect(planAction({ name: 'log_energy', args: { level: 4 } }, allowed)).toMatchObject({ command: { contract: RecordEnergy, payload: { userId, level: 4 } } });
    expect(planAction({ name: 'create_goal', args: { title: 'Run a 10 km race' } }, allowed)).toMatchObject({ command: { contract: CreateGoal } });
    expect(planAction({ name: 'log_energy', args: { level: 11 } }, allowed)).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('level') });
    expect(planAction({ name: 'create_goal', args: { title: 'Run' } }, scope({ phase: 'GET_TO_KNOW_YOU', allowed: ['create_commitment'] }))).toMatchObject({
      status: 'REFUSED',
      reason: 'create_goal is not allowed in the GET_TO_KNOW_YOU phase',
    });
  });

  it('should send the memory actions to Sentinel (the correction as the note), and refuse them where the prompt does not allow them', () => {
    const noteId = '3c9e1f2a-7b6d-4e5f-8a9b-0c1d2e3f4a5b';
    const allowed = scope({
      phase: 'GET_TO_KNOW_YOU',
      allowed: ['forget_note', 'correct_note'],
      notes: [{ id: noteId, title: 'Has a dog called Pixel' }],
      lastCoachMessage: 'Just to check: shall I forget “Has a dog called Pixel”?',
    });

    expect(planAction({ name: 'forget_note', args: { noteId } }, allowed)).toEqual({
      type: 'forget_note',
      status: 'PENDING',
      parameters: { noteId },
      command: { contract: ForgetNote, payload: { userId, noteId } },
    });
    expect(planAction({ name: 'correct_note', args: { noteId, content: 'Works as a nurse' } }, allowed)).toEqual({
      type: 'correct_note',
      status: 'PENDING',
      parameters: { noteId, content: 'Works as a nurse' },
      command: { contract: CorrectNote, payload: { userId, noteId, note: 'Works as a nurse' } },
    });
    expect(planAction({ name: 'forget_note', args: { noteId } }, scope())).toMatchObject({ status: 'REFUSED', reason: 'forget_note is not allowed in the IDENTITY_CREATION phase' });
    expect(planAction({ name: 'correct_note', args: { noteId, content: 'x'.repeat(1_001) } }, allowed)).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('content') });
  });

  describe('forget_note', () => {
    const noteId = '3c9e1f2a-7b6d-4e5f-8a9b-0c1d2e3f4a5b';
    const other = '4d0f2a3b-8c7e-4f60-9b0c-1d2e3f4a5b6c';
    const notes = [
      { id: noteId, title: 'Has a dog called Pixel' },
      { id: other, title: 'Works at Acme' },
    ];
    const forget = (lastCoachMessage: string | null, id = noteId) =>
      planAction({ name: 'forget_note', args: { noteId: id } }, scope({ phase: 'INTEGRATION', allowed: ['forget_note'], notes, lastCoachMessage }));

    it('should forget a note only when the coach named it in its last message (the user answering it now)', () => {
      expect(forget('Just to check: shall I forget “Has a dog called Pixel”?')).toMatchObject({ status: 'PENDING', command: { contract: ForgetNote, payload: { userId, noteId } } });
      // Ids as the model may spell them.
      expect(forget('Shall I forget "Has a dog called Pixel"?', noteId.toUpperCase())).toMatchObject({ status: 'PENDING' });
    });

    it('should refuse a note forgotten straight away, one the coach did not name, or one it was not given', () => {
      const refused = { status: 'REFUSED', parameters: { noteId }, reason: FORGET_UNCONFIRMED };
      expect(forget(null)).toEqual({ type: 'forget_note', ...refused });
      expect(forget('How was your week?')).toEqual({ type: 'forget_note', ...refused });
      expect(forget('Shall I forget “Works at Acme”?')).toMatchObject(refused);
      const unknown = '5e1a3b4c-9d8f-4a71-8c1d-2e3f4a5b6c7d';
      expect(forget('Shall I forget “Has a dog called Pixel”?', unknown)).toMatchObject({ status: 'REFUSED', reason: FORGET_UNCONFIRMED });
    });
  });
});

describe(namesNote.name, () => {
  it('should find the whole note whatever the quotes, punctuation, spacing and case around it', () => {
    expect(namesNote('Just to check: shall I forget “Has a dog called Pixel”?', 'Has a dog called Pixel')).toBe(true);
    expect(namesNote("Shall I forget the note 'has a  DOG\ncalled pixel.'", 'Has a dog called Pixel.')).toBe(true);
    expect(namesNote('Shall I forget “Doesn’t drink coffee”?', "Doesn't drink coffee")).toBe(true);
  });

  it('should not take part of a note, or a word inside another, for the note', () => {
    expect(namesNote('Shall I forget the note about your dog?', 'Has a dog called Pixel')).toBe(false);
    expect(namesNote('Shall I forget “Has a dog called Pixel”?', 'Has a dog called Pix')).toBe(false);
    expect(namesNote('Shall I forget “Works at Acmes”?', 'Works at Acme')).toBe(false);
    expect(namesNote('Shall I forget “…”?', '…')).toBe(false);
  });

  it('should take the first twelve words of a long note, as a coach shortening its quote', () => {
    const long = 'Teaches maths at a secondary school in Leeds and coaches the under-twelves football team on Saturdays';
    expect(namesNote('Shall I forget “Teaches maths at a secondary school in Leeds and coaches the under-twelves…”?', long)).toBe(true);
    expect(namesNote('Shall I forget “Teaches maths at a secondary school in Leeds”?', long)).toBe(false);
  });
});
