import { randomUUID } from 'node:crypto';

import type { JetStreamClient } from '@nats-io/jetstream';

import {
  AcceptIdentity,
  ChatActionSettled,
  ChatMessageCreated,
  ChatTurnFailed,
  CoachStateChanged,
  CommandRejected,
  CommitmentChanged,
  ConnectionsSuggested,
  IdentityAccepted,
  IdentityProposed,
  PostChatMessage,
  ProposeIdentity,
  SuggestConnections,
  TransitionPhase,
  exampleCommitment,
  exampleIdentity,
  exampleInsight,
  exampleReport,
  exampleSuggestion,
  InsightFound,
  ReportGenerated,
  type CoachingPhase,
  type DurableContract,
  type Envelope,
  type PayloadOf,
} from '@tandem/contracts';
import { BUS_NAMES, JETSTREAM, envelopeHeaders, type BusNames } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { TURN_FAILURE } from '../src/turn/coach-turn.service';
import { expectContractValid } from './contract-check';
import { newUser, startChat, type ChatBed } from './support';

describe('coach turn', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    bed = await startChat();
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (userId: string, content: string, conversationId?: string) => bed.ask(PostChatMessage, { userId, content, conversationId });

  const replyTo = async (messageId: string) => (await bed.receivedOne(ChatMessageCreated, ({ message }) => message.inReplyTo === messageId)).payload;
  const commandFor = <C extends DurableContract>(contract: C, userId: string) => bed.receivedOne(contract, (payload) => (payload as { userId: string }).userId === userId);

  /** Puts the user in a phase, as coach-state would announce it. */
  async function inPhase(userId: string, phase: CoachingPhase, ids: { proposedIdentityId?: string; currentIdentityId?: string } = {}): Promise<void> {
    const updatedAt = new Date().toISOString();
    const state = {
      userId,
      currentPhase: phase,
      currentIdentityId: ids.currentIdentityId ?? null,
      proposedIdentityId: ids.proposedIdentityId ?? null,
      progress: { acceptedIdentityIds: [], refinedIdentityIds: [], phaseHistory: [] },
      updatedAt,
    };
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: null, state }, { userId });
    await expectEventually(async () => expect(await bed.sql('select phase from chat.coach_contexts where user_id = $1', [userId])).toEqual([{ phase }]));
  }

  const actionsOf = (userId: string) =>
    bed.sql<{ type: string; status: string; command_message_id: string | null; result: unknown }>('select * from chat.actions where user_id = $1 order by created_at', [userId]);

  it("should store the user's message and the coach's reply, streaming its pieces in order", async () => {
    const userId = newUser();
    const tokens = bed.listen(userId);
    bed.model.script({ when: 'calmer when I lead', pieces: ['What ', 'does calm ', 'look like for you?'] });

    const posted = await post(userId, 'I want to feel calmer when I lead my team.');
    const reply = await replyTo(posted.messageId);

    expect(reply).toEqual({
      message: {
        id: expect.any(String),
        conversationId: posted.conversationId,
        userId,
        role: 'COACH',
        content: 'What does calm look like for you?',
        inReplyTo: posted.messageId,
        createdAt: expect.any(String),
      },
      actions: [],
    });
    const { payload: created } = await bed.receivedOne(ChatMessageCreated, ({ message }) => message.id === posted.messageId);
    expect(created).toMatchObject({ message: { role: 'USER', content: 'I want to feel calmer when I lead my team.', inReplyTo: null }, actions: [] });
    // The first piece goes at once; the rest, arriving within 50 ms of it, travel together.
    await expectEventually(() => expect(tokens.map((token) => token.text).join('')).toEqual('What does calm look like for you?'));
    expect(tokens[0]!.text).toBe('What ');
    expect(tokens.map((token) => token.index)).toEqual(tokens.map((_, index) => index));
    expect(new Set(tokens.map((token) => `${token.conversationId}/${token.userMessageId}`))).toEqual(new Set([`${posted.conversationId}/${posted.messageId}`]));

    // The first phase's prompt, its one allowed action as the only tool, and the context it used.
    const call = bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('calmer when I lead'))!;
    expect(call.system).toMatch(/^Phase: GET_TO_KNOW_YOU$/m);
    expect(call.tools).toEqual(['transition_phase', 'create_commitment', 'complete_commitment', 'log_energy', 'forget_note', 'correct_note']);
    const [conversation] = await bed.sql<{ phase: string; context_used: Record<string, unknown> }>('select phase, context_used from chat.conversations where id = $1', [posted.conversationId]);
    expect(conversation).toEqual({ phase: 'GET_TO_KNOW_YOU', context_used: { phase: 'GET_TO_KNOW_YOU', promptVersion: 3, knowledgeIds: expect.any(Array), messageCount: 1, identityIds: [] } });
    expect((conversation!.context_used.knowledgeIds as string[]).length).toBe(3);
  });

  it('should keep one conversation open per user and show the coach the conversation so far', async () => {
    const userId = newUser();
    const first = await post(userId, 'Hello coach, I run a small bakery.');
    await replyTo(first.messageId);
    const second = await post(userId, 'Mornings at the bakery are hectic.');
    await replyTo(second.messageId);

    expect(second.conversationId).toBe(first.conversationId);
    const call = bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('Mornings at the bakery'))!;
    expect(call.messages.map((message) => `${message.getType()}: ${message.text}`).slice(1)).toEqual([
      'human: Hello coach, I run a small bakery.',
      'ai: What matters most to you?',
      'human: Mornings at the bakery are hectic.',
    ]);
  });

  it("should send an allowed action as its owner's command, and settle it from the owner's answer", async () => {
    const userId = newUser();
    await inPhase(userId, 'IDENTITY_CREATION');
    bed.model.script({ when: 'lead with calm', pieces: ['How about this one?'], toolCalls: [{ name: 'propose_identity', args: { category: 'CAREER', name: 'The Calm Leader' } }] });

    const posted = await post(userId, 'I want to lead with calm.');
    const reply = await replyTo(posted.messageId);
    expect(reply.message.content).toBe('How about this one?');
    expect(reply.actions).toEqual([{ id: expect.any(String), type: 'propose_identity', parameters: { category: 'CAREER', name: 'The Calm Leader' }, status: 'PENDING', result: null }]);
    const command = await commandFor(ProposeIdentity, userId);
    expect(command.payload).toEqual({ userId, category: 'CAREER', name: 'The Calm Leader' });
    expect(await actionsOf(userId)).toMatchObject([{ status: 'PENDING', command_message_id: command.envelope.id }]);

    // identities answers: the action succeeds, and the coach's next turn sees the proposal.
    const identity = { ...exampleIdentity, id: randomUUID(), userId, state: 'PROPOSED' as const, updatedAt: new Date().toISOString() };
    await bed.publish(IdentityProposed, { identity }, { userId, causationId: command.envelope.id });
    const settled = await bed.receivedOne(ChatActionSettled, (payload) => payload.userId === userId);
    expect(settled.payload).toEqual({
      userId,
      coachMessageId: reply.message.id,
      action: { ...reply.actions[0], status: 'SUCCEEDED', result: { event: 'identity.proposed', identityId: identity.id } },
    });

    bed.model.script({ when: 'feels like me', pieces: ['Wonderful.'], toolCalls: [{ name: 'accept_identity', args: {} }] });
    const accepted = await replyTo((await post(userId, 'Yes, that feels like me.')).messageId);
    const call = bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('feels like me'))!;
    expect(call.system).toContain(`Proposed identity: ${identity.id}`);
    expect(call.tools).toEqual(['propose_identity', 'update_identity', 'accept_identity', 'transition_phase', 'create_commitment', 'complete_commitment', 'log_energy', 'forget_note', 'correct_note']);
    // The identity left out is the proposed one; identities refuses it, and the action fails with the reason.
    expect(accepted.actions).toMatchObject([{ type: 'accept_identity', parameters: { identityId: identity.id }, status: 'PENDING' }]);
    const accept = await commandFor(AcceptIdentity, userId);
    expect(accept.payload).toEqual({ userId, identityId: identity.id });
    await bed.publish(CommandRejected, { userId, command: AcceptIdentity.type, reason: 'Only a proposed identity can be accepted' }, { userId, causationId: accept.envelope.id });
    await expectEventually(async () => expect((await actionsOf(userId)).map((action) => action.status)).toEqual(['SUCCEEDED', 'FAILED']));
    expect((await actionsOf(userId))[1]!.result).toEqual({ reason: 'Only a proposed identity can be accepted' });
  });

  it("should carry out a reply's actions in order, each once the one before it succeeded, and fail the rest after a failure", async () => {
    const proposedIdentityId = randomUUID();
    const userId = newUser();
    await inPhase(userId, 'IDENTITY_CREATION', { proposedIdentityId });
    const both = [
      { name: 'accept_identity', args: {} },
      { name: 'transition_phase', args: { toPhase: 'IDENTITY_REFINEMENT' } },
    ];
    bed.model.script({ when: 'I love it', pieces: ['Let us refine it.'], toolCalls: both });

    const reply = await replyTo((await post(userId, 'Yes, I love it.')).messageId);
    expect(reply.actions.map((action) => `${action.type}:${action.status}`)).toEqual(['accept_identity:PENDING', 'transition_phase:PENDING']);
    const accept = await commandFor(AcceptIdentity, userId);
    // The transition needs the identity accepted (coach-state checks it): it waits for the answer,
    // held back in the same transaction that sent the accept (no command recorded for it).
    expect((await actionsOf(userId)).map((action) => action.command_message_id)).toEqual([accept.envelope.id, null]);
    expect(bed.received.filter((envelope) => envelope.type === TransitionPhase.type && (envelope.payload as { userId: string }).userId === userId)).toEqual([]);

    const identity = { ...exampleIdentity, id: proposedIdentityId, userId, state: 'ACCEPTED' as const, updatedAt: new Date().toISOString() };
    await bed.publish(IdentityAccepted, { identity }, { userId, causationId: accept.envelope.id });
    const transition = await commandFor(TransitionPhase, userId);
    expect(transition.payload).toMatchObject({ userId, to: 'IDENTITY_REFINEMENT' });
    expect((await actionsOf(userId)).map((action) => action.command_message_id)).toEqual([accept.envelope.id, transition.envelope.id]);

    // A failure fails what was held behind it, without sending it.
    const other = newUser();
    await inPhase(other, 'IDENTITY_CREATION', { proposedIdentityId: randomUUID() });
    bed.model.script({ when: 'Sure, I accept', pieces: ['Great.'], toolCalls: both });
    await replyTo((await post(other, 'Sure, I accept.')).messageId);
    const refused = await commandFor(AcceptIdentity, other);
    await bed.publish(CommandRejected, { userId: other, command: AcceptIdentity.type, reason: 'Identity not found' }, { userId: other, causationId: refused.envelope.id });
    await expectEventually(async () =>
      expect((await actionsOf(other)).map((action) => [action.status, action.result])).toEqual([
        ['FAILED', { reason: 'Identity not found' }],
        ['FAILED', { reason: 'Not carried out: the accept_identity before it failed' }],
      ]),
    );
    expect(bed.received.filter((envelope) => envelope.type === TransitionPhase.type && (envelope.payload as { userId: string }).userId === other)).toEqual([]);
  });

  it("should ask team-connections for colleagues in INTEGRATION with the user's problem, and settle the action from its suggestions", async () => {
    const userId = newUser();
    await inPhase(userId, 'INTEGRATION');
    const context = 'Migrating our billing database to Postgres without downtime';
    bed.model.script({ when: 'billing database', pieces: ['Let me look for colleagues ', 'who could help with that.'], toolCalls: [{ name: 'suggest_connection', args: { context, limit: 2 } }] });

    const reply = await replyTo((await post(userId, 'Who at work could help me with migrating our billing database?')).messageId);

    const call = bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('billing database'))!;
    expect(call.tools).toEqual(['transition_phase', 'update_identity', 'suggest_connection', 'create_goal', 'create_commitment', 'complete_commitment', 'log_energy', 'forget_note', 'correct_note']);
    expect(call.system).toContain('call suggest_connection with that problem in their own words');
    expect(reply.actions).toEqual([{ id: expect.any(String), type: 'suggest_connection', parameters: { context, limit: 2 }, status: 'PENDING', result: null }]);
    const command = await commandFor(SuggestConnections, userId);
    expect(command.payload).toEqual({ userId, context, limit: 2 });

    // Suggestions made without this command (the gateway's own request) settle nothing; the answer to it does.
    const suggestion = { ...exampleSuggestion, id: randomUUID(), userId, context };
    await bed.publish(ConnectionsSuggested, { userId, context, suggestions: [suggestion] }, { userId });
    await bed.publish(ConnectionsSuggested, { userId, context, suggestions: [suggestion] }, { userId, causationId: command.envelope.id });
    const settled = await bed.receivedOne(ChatActionSettled, (payload) => payload.userId === userId);
    expect(settled.payload).toEqual({
      userId,
      coachMessageId: reply.message.id,
      action: { ...reply.actions[0], status: 'SUCCEEDED', result: { event: 'team.connections.suggested', count: 1, suggestionIds: [suggestion.id] } },
    });
  });

  it('should fail a suggest_connection that team-connections rejects, with its reason, and refuse one outside the phases that allow it', async () => {
    const suggest = { name: 'suggest_connection', args: { context: 'Hiring my first data engineer' } };
    const userId = newUser();
    await inPhase(userId, 'INTEGRATION');
    bed.model.script({ when: 'first data engineer', toolCalls: [suggest] });
    const reply = await replyTo((await post(userId, 'Is there anyone on my team who could help with hiring my first data engineer?')).messageId);
    expect(reply.message.content).toBe('Let me look for colleagues who could help with that.');
    const command = await commandFor(SuggestConnections, userId);
    const reason = 'Add your company to your team profile first';
    await bed.publish(CommandRejected, { userId, command: SuggestConnections.type, reason }, { userId, causationId: command.envelope.id });
    await expectEventually(async () => expect((await actionsOf(userId)).map((action) => [action.status, action.result])).toEqual([['FAILED', { reason }]]));

    // GET_TO_KNOW_YOU does not allow it: refused, and no command leaves.
    const newcomer = newUser();
    bed.model.script({ when: 'data engineer too', pieces: ['Tell me more about your work.'], toolCalls: [suggest] });
    const refused = await replyTo((await post(newcomer, 'Who at work could help me find a data engineer too?')).messageId);
    expect(refused.actions).toEqual([
      { id: expect.any(String), type: 'suggest_connection', parameters: suggest.args, status: 'REFUSED', result: { reason: 'suggest_connection is not allowed in the GET_TO_KNOW_YOU phase' } },
    ]);
    expect(bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('data engineer too'))!.tools).toEqual([
      'transition_phase',
      'create_commitment',
      'complete_commitment',
      'log_energy',
      'forget_note',
      'correct_note',
    ]);
    expect(await bed.sql("select id from chat.outbox where subject like 'cmd.%' and envelope->>'userId' = $1", [newcomer])).toEqual([]);
  });

  it('should refuse a tool call the prompt does not allow or whose arguments are invalid, sending nothing', async () => {
    const userId = newUser();
    bed.model.script({
      when: 'name my identity',
      toolCalls: [
        { name: 'propose_identity', args: { category: 'CAREER', name: 'The Early Leader' } },
        { name: 'transition_phase', args: { toPhase: 'NOWHERE' } },
        { name: 'transition_phase', args: 'toPhase=IDENTITY_CREATION' },
        { name: 'delete_everything', args: {} },
      ],
    });

    const posted = await post(userId, 'Please name my identity right now.');
    const reply = await replyTo(posted.messageId);

    // No text and nothing carried out: the coach still says something.
    expect(reply.message.content).toBe('Tell me a little more, so I can help with that.');
    expect(reply.actions).toEqual([
      {
        id: expect.any(String),
        type: 'propose_identity',
        parameters: { category: 'CAREER', name: 'The Early Leader' },
        status: 'REFUSED',
        result: { reason: 'propose_identity is not allowed in the GET_TO_KNOW_YOU phase' },
      },
      { id: expect.any(String), type: 'transition_phase', parameters: { toPhase: 'NOWHERE' }, status: 'REFUSED', result: { reason: expect.stringMatching(/^Invalid arguments: toPhase/) } },
      { id: expect.any(String), type: 'transition_phase', parameters: { unparsed: 'toPhase=IDENTITY_CREATION' }, status: 'REFUSED', result: { reason: expect.stringMatching(/^Invalid arguments/) } },
    ]);
    expect((await actionsOf(userId)).map((action) => action.command_message_id)).toEqual([null, null, null]);
    expect(await bed.sql("select id from chat.outbox where subject like 'cmd.%' and envelope->>'userId' = $1", [userId])).toEqual([]);
  });

  it('should carry out an action the model took without a word, saying what it does', async () => {
    const userId = newUser();
    bed.model.script({ when: 'ready for identities', toolCalls: [{ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION', reason: 'Knows enough' } }] });

    const reply = await replyTo((await post(userId, 'I think I am ready for identities.')).messageId);

    expect(reply.message.content).toBe("Let's move on to the next part of your journey.");
    expect(reply.actions).toMatchObject([{ type: 'transition_phase', status: 'PENDING' }]);
    const command = await commandFor(TransitionPhase, userId);
    expect(command.payload).toEqual({ userId, to: 'IDENTITY_CREATION', reason: 'Knows enough' });

    await inPhase(userId, 'IDENTITY_CREATION'); // announced without the command as its cause: settles nothing
    const state = {
      userId,
      currentPhase: 'IDENTITY_CREATION' as const,
      currentIdentityId: null,
      proposedIdentityId: null,
      progress: { acceptedIdentityIds: [], refinedIdentityIds: [], phaseHistory: [] },
      updatedAt: new Date().toISOString(),
    };
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: 'GET_TO_KNOW_YOU', state }, { userId, causationId: command.envelope.id });
    const settled = await bed.receivedOne(ChatActionSettled, (payload) => payload.userId === userId);
    expect(settled.payload.action).toMatchObject({ status: 'SUCCEEDED', result: { event: 'coach-state.changed', phase: 'IDENTITY_CREATION' } });
  });

  it('should store nothing of a turn whose model fails, say chat.turn.failed without internals, and not retry', async () => {
    const userId = newUser();
    bed.model.script({ when: 'are you there', pieces: ['Let me '], error: new Error('upstream 500: invalid key sk-secret-123') });

    const posted = await post(userId, 'Hello, are you there?');
    const { payload } = await bed.receivedOne(ChatTurnFailed, (failed) => failed.userMessageId === posted.messageId);

    expect(payload).toEqual({ userId, conversationId: posted.conversationId, userMessageId: posted.messageId, reason: TURN_FAILURE.unavailable });
    expect(await bed.sql('select role from chat.chat_messages where conversation_id = $1', [posted.conversationId])).toEqual([{ role: 'USER' }]);
    expect(await actionsOf(userId)).toEqual([]);

    // The user sends again and is answered; the failed message was handled once, not retried.
    const again = await post(userId, 'Hello again?');
    await replyTo(again.messageId);
    expect(bed.model.calls.filter((call) => call.messages.at(-1)?.text === 'Hello, are you there?')).toHaveLength(1);
  });

  it('should keep nothing of a turn whose conversation was erased while the model spoke: no reply, action, command or event', async () => {
    const userId = newUser();
    await inPhase(userId, 'IDENTITY_CREATION');
    let erased!: () => void;
    const whenErased = new Promise<void>((resolve) => (erased = resolve));
    bed.model.script({
      when: 'before I vanish',
      pieces: ['How about this one?'],
      toolCalls: [{ name: 'propose_identity', args: { category: 'CAREER', name: 'The Vanishing Act' } }],
      during: async () => {
        // As the erasure deletes them (without its tombstone, so the commit itself finds the conversation gone).
        await bed.sql('delete from chat.conversations where user_id = $1', [userId]);
        erased();
      },
    });

    const posted = await post(userId, 'Propose one before I vanish.');
    await whenErased;
    // One user's messages are handled in order: once the next one is answered, the first turn is over.
    const next = await post(userId, 'Hello again.');
    await replyTo(next.messageId);

    expect(await bed.sql('select id from chat.chat_messages where id = $1 or in_reply_to = $1', [posted.messageId])).toEqual([]);
    expect(await actionsOf(userId)).toEqual([]);
    const outbox = await bed.sql<{ type: string; message_id: string | null; in_reply_to: string | null }>(
      `select envelope->>'type' as type, envelope->'payload'->'message'->>'id' as message_id, envelope->'payload'->'message'->>'inReplyTo' as in_reply_to from chat.outbox where envelope->>'userId' = $1 order by created_at`,
      [userId],
    );
    expect(outbox).toEqual([
      { type: ChatMessageCreated.type, message_id: posted.messageId, in_reply_to: null },
      { type: ChatMessageCreated.type, message_id: next.messageId, in_reply_to: null },
      { type: ChatMessageCreated.type, message_id: expect.any(String), in_reply_to: next.messageId },
    ]);
  });

  it('should answer a user message once, however often it is delivered', async () => {
    const userId = newUser();
    const posted = await post(userId, 'Just once, please.');
    await replyTo(posted.messageId);
    const { envelope } = await bed.receivedOne(ChatMessageCreated, ({ message }) => message.id === posted.messageId);
    // JetStream redelivers the very same message (the ended turn stops it) ...
    const names = bed.client.get<BusNames>(BUS_NAMES);
    await bed.client.get<JetStreamClient>(JETSTREAM).publish(names.subject(ChatMessageCreated.subject), JSON.stringify(envelope), { msgID: randomUUID(), headers: envelopeHeaders(envelope) });
    // ... and a second event about the same message arrives (the existing reply stops the turn).
    await bed.publish(ChatMessageCreated, envelope.payload as PayloadOf<typeof ChatMessageCreated>, { userId });
    // One user's messages are handled in order: once the next one is answered, both copies were handled.
    const next = await post(userId, 'And this one after.');
    await replyTo(next.messageId);

    expect(await bed.sql('select role from chat.chat_messages where in_reply_to = $1', [posted.messageId])).toHaveLength(1);
    expect(bed.model.calls.filter((call) => call.messages.at(-1)?.text === 'Just once, please.')).toHaveLength(1);
  });

  it("should give the coach the user's open commitments, latest report and insights from progress's events, with no request on the turn's path", async () => {
    const userId = newUser();
    const now = new Date().toISOString();
    const walk = { ...exampleCommitment, id: randomUUID(), userId, title: 'Walk 20 minutes every morning', updatedAt: now };
    const done = { ...exampleCommitment, id: randomUUID(), userId, title: 'Finished already', status: 'COMPLETED' as const, completedAt: now, updatedAt: now };
    for (const commitment of [walk, done]) await bed.publish(CommitmentChanged, { commitment, outcome: null, occurrenceDueAt: null }, { userId });
    const { payload: _payload, ...report } = { ...exampleReport, id: randomUUID(), userId, summary: 'In the last 7 days you kept 4 of 5 check-ins.' };
    await bed.publish(ReportGenerated, { report }, { userId });
    await bed.publish(InsightFound, { insight: { ...exampleInsight, id: randomUUID(), userId } }, { userId });
    await expectEventually(async () => {
      const [row] = await bed.sql<{ commitments: number; reports: number; insights: number }>(
        `select (select count(*)::int from chat.commitment_snapshots where user_id = $1) as commitments, (select count(*)::int from chat.report_snapshots where user_id = $1) as reports,
                (select count(*)::int from chat.insight_snapshots where user_id = $1) as insights`,
        [userId],
      );
      expect(row).toEqual({ commitments: 2, reports: 1, insights: 1 });
    });

    bed.model.script({ when: 'how am I doing lately', pieces: ['Steady progress.'] });
    const posted = await post(userId, 'So, how am I doing lately?');
    await replyTo(posted.messageId);
    const call = bed.model.calls.find((recorded) => recorded.messages.at(-1)?.text.includes('how am I doing lately'))!;
    expect(call.system).toContain(`- "Walk 20 minutes every morning" (WEEKDAYS, next due ${walk.dueAt}, id ${walk.id})`);
    expect(call.system).not.toContain('Finished already');
    expect(call.system).toContain('(SEVEN_DAY, to 2026-11-30): In the last 7 days you kept 4 of 5 check-ins.');
    expect(call.system).toContain(`- ${exampleInsight.statement}`);
    expect(call.system).toMatch(new RegExp(`^Open commitment: ${walk.id} Walk 20 minutes every morning$`, 'm'));
  });

  // Runs last: checks every message the tests above made chat send.
  it('should send only events and commands that validate against their contracts', () => {
    expectContractValid(bed.received, ['chat.message.created', 'chat.action.settled', 'chat.turn.failed', 'identity.propose', 'identity.accept', 'coach-state.transition', 'team.suggest-connections']);
  });
});
