import { randomUUID } from 'node:crypto';

import {
  AcceptIdentity,
  ChatMessageCreated,
  CoachStateChanged,
  CommitmentChanged,
  CompleteCommitment,
  CreateCommitment,
  IdentityProposed,
  RecordEnergy,
  exampleCommitment,
  PostChatMessage,
  ProposeIdentity,
  SuggestConnections,
  TransitionPhase,
  exampleIdentity,
  type CoachingPhase,
  type CoachStateView,
  type DurableContract,
  type Envelope,
  type PayloadOf,
} from '@tandem/contracts';
import { expectEventually } from '@tandem/testing';

import { newUser, startChat, type ChatBed } from './support';

/**
 * The service as deployed by default: libs/llm's offline coach and offline embeddings, no network.
 * The test plays coach-state and identities, answering the commands the coach's actions send.
 */
describe('chat with the offline coach', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    bed = await startChat({ model: 'offline' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const received = <C extends DurableContract>(contract: C, userId: string, after = 0) =>
    expectEventually(() => {
      const envelope = bed.received.slice(after).find((candidate) => candidate.type === contract.type && candidate.userId === userId);
      expect(envelope).toBeDefined();
      return { envelope: envelope as Envelope, payload: contract.payload.parse(envelope!.payload) as PayloadOf<C> };
    });

  /** Sends a message and returns the coach's reply (and where the received list stood before it). */
  async function say(userId: string, content: string) {
    const mark = bed.received.length;
    const posted = await bed.ask(PostChatMessage, { userId, content });
    const reply = await expectEventually(() => {
      const found = bed.received.find((envelope) => envelope.type === ChatMessageCreated.type && (envelope.payload as PayloadOf<typeof ChatMessageCreated>).message.inReplyTo === posted.messageId);
      expect(found).toBeDefined();
      return ChatMessageCreated.payload.parse(found!.payload);
    });
    return { reply, mark };
  }

  const coachState = (userId: string, phase: CoachingPhase, proposedIdentityId: string | null = null): CoachStateView => ({
    userId,
    currentPhase: phase,
    currentIdentityId: null,
    proposedIdentityId,
    progress: { acceptedIdentityIds: [], refinedIdentityIds: [], phaseHistory: [] },
    updatedAt: new Date().toISOString(),
  });

  it('should walk a user from getting to know them to accepting a proposed identity', async () => {
    const userId = newUser();
    const tokens = bed.listen(userId);

    const first = await say(userId, 'Hi, I am new here.');
    expect(first.reply.actions).toEqual([]);
    await expectEventually(() => expect(tokens.map((token) => token.text).join('')).toBe(first.reply.message.content));
    await say(userId, 'I lead a team of engineers and love cycling.');
    await say(userId, 'Meetings drain me; time outdoors gives me energy.');
    const ready = await say(userId, 'I want more calm at work and more time with my family.');
    expect(ready.reply.actions).toMatchObject([{ type: 'transition_phase', status: 'PENDING', parameters: { toPhase: 'IDENTITY_CREATION' } }]);

    // coach-state moves the phase.
    const transition = await received(TransitionPhase, userId, ready.mark);
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: 'GET_TO_KNOW_YOU', state: coachState(userId, 'IDENTITY_CREATION') }, { userId, causationId: transition.envelope.id });
    await expectEventually(async () => expect(await bed.sql("select status from chat.actions where user_id = $1 and type = 'transition_phase'", [userId])).toEqual([{ status: 'SUCCEEDED' }]));

    // The coach proposes an identity; identities creates it and coach-state records it as proposed.
    const proposal = await say(userId, 'I want to be a calmer leader at work.');
    expect(proposal.reply.actions).toMatchObject([{ type: 'propose_identity', status: 'PENDING' }]);
    const propose = await received(ProposeIdentity, userId, proposal.mark);
    const identity = { ...exampleIdentity, id: randomUUID(), userId, category: propose.payload.category, name: propose.payload.name, state: 'PROPOSED' as const, updatedAt: new Date().toISOString() };
    await bed.publish(IdentityProposed, { identity }, { userId, causationId: propose.envelope.id });
    await bed.publish(CoachStateChanged, { change: 'identities', previousPhase: 'IDENTITY_CREATION', state: coachState(userId, 'IDENTITY_CREATION', identity.id) }, { userId });
    await expectEventually(async () => expect(await bed.sql('select proposed_identity_id from chat.coach_contexts where user_id = $1', [userId])).toEqual([{ proposed_identity_id: identity.id }]));

    // Yes: the coach accepts exactly the identity that was proposed.
    const yes = await say(userId, 'Yes, that is me.');
    expect(yes.reply.actions.map((action) => action.type)).toEqual(['accept_identity', 'transition_phase']);
    expect((await received(AcceptIdentity, userId, yes.mark)).payload).toEqual({ userId, identityId: identity.id });
  });

  it('should ask team-connections for colleagues when a user in INTEGRATION asks who at work could help', async () => {
    const userId = newUser();
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: 'IDENTITY_REFINEMENT', state: coachState(userId, 'INTEGRATION') }, { userId });
    await expectEventually(async () => expect(await bed.sql('select phase from chat.coach_contexts where user_id = $1', [userId])).toEqual([{ phase: 'INTEGRATION' }]));

    const asked = 'Who at work could help me with the database migration?';
    const { reply, mark } = await say(userId, asked);

    expect(reply.message.content).toBe('Let me look for colleagues who could help with that.');
    expect(reply.actions).toMatchObject([{ type: 'suggest_connection', status: 'PENDING', parameters: { context: asked } }]);
    // The offline coach gives no limit: the contract's default (3) is sent.
    expect((await received(SuggestConnections, userId, mark)).envelope.payload).toEqual({ userId, context: asked, limit: 3 });
  });

  it('should keep a commitment the user states, complete it on follow-through, ask which one when unclear, and record energy', async () => {
    const userId = newUser();
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: 'IDENTITY_REFINEMENT', state: coachState(userId, 'INTEGRATION') }, { userId });
    await expectEventually(async () => expect(await bed.sql('select phase from chat.coach_contexts where user_id = $1', [userId])).toEqual([{ phase: 'INTEGRATION' }]));

    // progress plays its part: each create_commitment becomes a commitment, announced as caused by the command.
    const keep = async (said: string) => {
      const stated = await say(userId, said);
      expect(stated.reply.actions).toMatchObject([{ type: 'create_commitment', status: 'PENDING' }]);
      const command = await received(CreateCommitment, userId, stated.mark);
      const now = new Date().toISOString();
      const commitment = { ...exampleCommitment, id: randomUUID(), userId, goalId: null, title: command.payload.title, schedule: command.payload.schedule, createdAt: now, updatedAt: now };
      await bed.publish(CommitmentChanged, { commitment, outcome: null, occurrenceDueAt: null }, { userId, causationId: command.envelope.id });
      await expectEventually(async () =>
        expect(await bed.sql("select status from chat.actions where user_id = $1 and parameters->>'title' = $2", [userId, command.payload.title])).toEqual([{ status: 'SUCCEEDED' }]),
      );
      return { stated, command, commitment };
    };
    const walk = await keep('I will walk 20 minutes every morning');
    expect(walk.command.payload).toEqual({ userId, title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' });
    expect(walk.stated.reply.message.content).toContain("I'll hold you to that: “Walk 20 minutes every morning”");

    const did = await say(userId, 'I did my walk this morning');
    expect(did.reply.actions).toMatchObject([{ type: 'complete_commitment', status: 'PENDING', parameters: { commitmentId: walk.commitment.id } }]);
    expect((await received(CompleteCommitment, userId, did.mark)).payload).toMatchObject({ userId, commitmentId: walk.commitment.id });

    const journal = await keep("I'm going to journal before bed on weekdays");
    const unclear = await say(userId, 'Done, I did it!');
    expect(unclear.reply.actions).toEqual([]);
    expect(unclear.reply.message.content).toContain('Which one was it');
    const answered = await say(userId, 'The journal');
    expect(answered.reply.actions).toMatchObject([{ type: 'complete_commitment', parameters: { commitmentId: journal.commitment.id } }]);

    const tired = await say(userId, 'Honestly my energy is a 3 today');
    expect((await received(RecordEnergy, userId, tired.mark)).payload).toMatchObject({ userId, level: 3 });
  });
});
