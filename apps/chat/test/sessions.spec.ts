import {
  ChatMessageCreated,
  ConversationEnded,
  EndConversation,
  ListChatMessages,
  ListCoachActions,
  ListConversations,
  PostChatMessage,
  RateConversation,
  StartConversation,
  type DurableContract,
  type Envelope,
  type PayloadOf,
} from '@tandem/contracts';
import { ContractViolationError, QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { newUser, startChat, type ChatBed } from './support';

describe('sessions (document 003)', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    bed = await startChat();
  });

  afterAll(async () => {
    await bed?.close();
  });

  const rejected = (status: number) => ({ name: QueryRejectedError.name, status });

  function receivedOne<C extends DurableContract>(contract: C, matches: (payload: PayloadOf<C>, envelope: Envelope) => boolean): Promise<{ payload: PayloadOf<C>; envelope: Envelope }> {
    return expectEventually(() => {
      const found = bed.received.filter((envelope) => envelope.type === contract.type).map((envelope) => ({ envelope, payload: contract.payload.parse(envelope.payload) as PayloadOf<C> }));
      const matching = found.filter(({ payload, envelope }) => matches(payload, envelope));
      expect(matching).toHaveLength(1);
      return matching[0]!;
    });
  }

  async function converse(userId: string, content: string, conversationId?: string) {
    const posted = await bed.ask(PostChatMessage, { userId, content, conversationId });
    const { payload } = await receivedOne(ChatMessageCreated, ({ message }) => message.inReplyTo === posted.messageId);
    return { ...posted, coachMessageId: payload.message.id };
  }

  it('should start a conversation of a session type, ending the open one with its summary, and take the next messages', async () => {
    const userId = newUser();
    const general = await converse(userId, 'Just checking in on my week.');

    const started = await bed.ask(StartConversation, { userId, sessionType: 'GROWTH_PLANNING' });

    expect(started).toMatchObject({ userId, sessionType: 'GROWTH_PLANNING', endedAt: null, summary: null, feedback: null });
    expect((await receivedOne(ConversationEnded, ({ conversation }) => conversation.id === general.conversationId)).payload).toMatchObject({
      reason: 'USER',
      conversation: { sessionType: 'GENERAL', summary: expect.any(String), endedAt: expect.any(String) },
    });
    const next = await converse(userId, 'I want to plan my growth this quarter.');
    expect(next.conversationId).toBe(started.id);
    expect((await bed.ask(ListConversations, { userId, limit: 10 })).items.map(({ id, sessionType }) => ({ id, sessionType }))).toEqual([
      { id: started.id, sessionType: 'GROWTH_PLANNING' },
      { id: general.conversationId, sessionType: 'GENERAL' },
    ]);
    expect((await bed.ask(StartConversation, { userId })).sessionType).toBe('GENERAL');
  });

  it('should refuse an unknown session type, naming the field', async () => {
    await expect(bed.ask(StartConversation, { userId: newUser(), sessionType: 'THERAPY' as never })).rejects.toThrow(ContractViolationError);
    await expect(bed.ask(StartConversation, { userId: newUser(), sessionType: 'COACHING' as never })).rejects.toThrow(/sessionType/);
  });

  it("should keep the user's satisfaction with their conversation, and refuse it for anyone else's", async () => {
    const userId = newUser();
    const { conversationId } = await converse(userId, 'That helped, thanks.');

    const rated = await bed.ask(RateConversation, { userId, conversationId, rating: 4, comment: 'Clear next steps.' });
    expect(rated.feedback).toEqual({ rating: 4, comment: 'Clear next steps.', givenAt: expect.any(String) });
    const ended = await bed.ask(EndConversation, { userId, conversationId });
    expect(ended.feedback).toMatchObject({ rating: 4 });
    expect((await bed.ask(RateConversation, { userId, conversationId, rating: 2 })).feedback).toMatchObject({ rating: 2, comment: null });

    await expect(bed.ask(RateConversation, { userId: newUser(), conversationId, rating: 5 })).rejects.toMatchObject(rejected(404));
    await expect(bed.ask(RateConversation, { userId, conversationId, rating: 6 })).rejects.toThrow(/rating/);
    expect(await bed.sql('select satisfaction_rating from chat.conversations where id = $1', [conversationId])).toEqual([{ satisfaction_rating: 2 }]);
  });

  it("should list a coach message with its actions, and the user's actions by type", async () => {
    const userId = newUser();
    bed.model.script({
      when: 'walk every morning',
      pieces: ['I will keep that.'],
      toolCalls: [
        { name: 'create_commitment', args: { title: 'Walk every morning', schedule: 'DAILY' } },
        { name: 'log_energy', args: { level: 6 } },
      ],
    });
    const { coachMessageId, messageId } = await converse(userId, 'I will walk every morning, and my energy is a 6.');
    await converse(userId, 'Nothing else today.');

    const { items } = await bed.ask(ListChatMessages, { userId, limit: 10 });
    const coach = items.find((message) => message.id === coachMessageId)!;
    expect(coach.actions!.map(({ type, status }) => ({ type, status }))).toEqual([
      { type: 'create_commitment', status: 'PENDING' },
      { type: 'log_energy', status: 'PENDING' },
    ]);
    expect(items.find((message) => message.id === messageId)!.actions).toBeUndefined();
    expect(items.filter((message) => message.role === 'COACH' && message.id !== coachMessageId).map((message) => message.actions)).toEqual([[]]);

    const energy = await bed.ask(ListCoachActions, { userId, type: 'log_energy', limit: 10 });
    expect(energy).toEqual({ items: [expect.objectContaining({ type: 'log_energy', parameters: { level: 6 }, coachMessageId, conversationId: coach.conversationId })], nextCursor: null });
    const all = await bed.ask(ListCoachActions, { userId, limit: 1 });
    const rest = await bed.ask(ListCoachActions, { userId, limit: 1, cursor: all.nextCursor! });
    expect([...all.items, ...rest.items].map((action) => action.type).sort()).toEqual(['create_commitment', 'log_energy']);
    expect(rest.nextCursor).toBeNull();
    expect((await bed.ask(ListCoachActions, { userId: newUser(), limit: 10 })).items).toEqual([]);
    await expect(bed.ask(ListCoachActions, { userId, type: 'fly_to_the_moon' as never, limit: 10 })).rejects.toThrow(/type/);
  });
});
