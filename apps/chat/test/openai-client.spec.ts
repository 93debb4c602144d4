import { randomUUID } from 'node:crypto';

import { ChatMessageCreated, ChatTurnFailed, CoachStateChanged, EndConversation, PostChatMessage, ProposeIdentity, type PayloadOf } from '@tandem/contracts';
import { roleOf } from '@tandem/persistence';
import { expectEventually, startFakeOpenAI, transactionsHeldAcross, type FakeOpenAI } from '@tandem/testing';

import { startChat, type ChatBed } from './support';

/**
 * A coach turn through the real @langchain/openai client (as with any OpenAI-compatible server),
 * against a local fake server: streamed text, a streamed tool call that becomes an action, and a
 * failing upstream that leaves no half turn.
 */
describe('coach turn through ChatOpenAI', () => {
  let fake: FakeOpenAI;
  let bed: ChatBed;
  /** For each upstream request: the states of chat's transactions held across it. */
  const connectionsDuringModelCalls: string[][] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      // Held across the call: open as the model starts and still open while it thinks (libs/testing).
      onChatRequest: async () => void connectionsDuringModelCalls.push(await transactionsHeldAcross(bed.sql, { role: roleOf('chat'), database: bed.db.name })),
    });
    bed = await startChat({ model: 'offline', env: { LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseURL, LLM_MODEL: 'coach-test', LLM_MAX_RETRIES: '0' } });
  });

  afterAll(async () => {
    await bed?.close();
    await fake?.close();
  });

  const created = (predicate: (payload: PayloadOf<typeof ChatMessageCreated>) => boolean) =>
    expectEventually(() => {
      const found = bed.received
        .filter((envelope) => envelope.type === ChatMessageCreated.type)
        .map((envelope) => envelope.payload as PayloadOf<typeof ChatMessageCreated>)
        .filter(predicate);
      expect(found).toHaveLength(1);
      return found[0]!;
    });

  it('should stream the reply to the user and turn a streamed tool call into an action and its command', async () => {
    const userId = randomUUID();
    const state = {
      userId,
      currentPhase: 'IDENTITY_CREATION' as const,
      currentIdentityId: null,
      proposedIdentityId: null,
      progress: { acceptedIdentityIds: [], refinedIdentityIds: [], phaseHistory: [] },
      updatedAt: new Date().toISOString(),
    };
    await bed.publish(CoachStateChanged, { change: 'phase', previousPhase: 'GET_TO_KNOW_YOU', state }, { userId });
    await expectEventually(async () => expect(await bed.sql('select phase from chat.coach_contexts where user_id = $1', [userId])).toEqual([{ phase: 'IDENTITY_CREATION' }]));
    fake.replyToChat({ text: 'Here is an identity that fits what you told me.', toolCalls: [{ name: 'propose_identity', args: { category: 'HEALTH', name: 'The Early Runner' } }] });
    const tokens = bed.listen(userId);

    const posted = await bed.ask(PostChatMessage, { userId, content: 'I want to run every morning.' });
    const reply = await created(({ message }) => message.inReplyTo === posted.messageId);

    expect(reply.message.content).toBe('Here is an identity that fits what you told me.');
    expect(reply.actions).toEqual([expect.objectContaining({ type: 'propose_identity', parameters: { category: 'HEALTH', name: 'The Early Runner' }, status: 'PENDING' })]);
    await expectEventually(() =>
      expect(bed.received.filter((envelope) => envelope.type === ProposeIdentity.type).map((envelope) => envelope.payload)).toContainEqual({ userId, category: 'HEALTH', name: 'The Early Runner' }),
    );
    await expectEventually(() => expect(tokens.map((token) => token.text).join('')).toBe(reply.message.content));
    expect(tokens.length).toBeGreaterThan(1);

    // What the client sent upstream: streaming, the phase's prompt and its allowed actions as tools.
    const request = fake.requests.find((recorded) => recorded.path === '/v1/chat/completions')!;
    expect(request.body).toMatchObject({ model: 'coach-test', stream: true });
    expect((request.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual([
      'propose_identity',
      'update_identity',
      'accept_identity',
      'transition_phase',
      // Progress actions are allowed in every phase (Migration20261130100000ProgressActions).
      'create_commitment',
      'complete_commitment',
      'log_energy',
      // And the memory actions (Migration20261201020000MemoryActions).
      'forget_note',
      'correct_note',
    ]);
    expect((request.body.messages as Array<{ role: string; content: string }>)[0]).toMatchObject({ role: 'system', content: expect.stringContaining('Phase: IDENTITY_CREATION') });
  });

  it('should store nothing of the turn and say chat.turn.failed when the upstream fails', async () => {
    const userId = randomUUID();
    fake.replyToChat({ status: 500, message: 'upstream exploded' });

    const posted = await bed.ask(PostChatMessage, { userId, content: 'Hello?' });
    await expectEventually(() =>
      expect(bed.received.filter((envelope) => envelope.type === ChatTurnFailed.type).map((envelope) => envelope.payload)).toContainEqual(
        expect.objectContaining({ userId, userMessageId: posted.messageId }),
      ),
    );
    expect(await bed.sql('select role from chat.chat_messages where user_id = $1', [userId])).toEqual([{ role: 'USER' }]);
    expect(await bed.sql('select id from chat.actions where user_id = $1', [userId])).toEqual([]);
  });

  it('should call the model for a summary outside any transaction, as it does for a turn', async () => {
    const userId = randomUUID();
    fake.replyToChat({ text: 'What matters most to you this week?' }, { text: 'The user wants a calmer week and will plan Mondays.' });
    const posted = await bed.ask(PostChatMessage, { userId, content: 'I want a calmer week.' });
    await created(({ message }) => message.inReplyTo === posted.messageId);

    const ended = await bed.ask(EndConversation, { userId, conversationId: posted.conversationId });
    expect(ended.summary).toBe('The user wants a calmer week and will plan Mondays.');
    // Every upstream call of this file (turns and the summary) found no connection of chat's in a transaction.
    expect(connectionsDuringModelCalls.length).toBeGreaterThanOrEqual(3);
    expect(connectionsDuringModelCalls.flat()).toEqual([]);
  });
});
