import { randomUUID } from 'node:crypto';

import {
  ChatMessageCreated,
  ChatTurnFailed,
  ConversationEnded,
  EndConversation,
  IdentityProposed,
  ListChatMessages,
  ListConversations,
  PostChatMessage,
  UserDeleted,
  UserErased,
  exampleIdentity,
  type DurableContract,
  type PayloadOf,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { InactivitySweeper } from '../src/conversations/inactivity-sweeper';
import { TURN_FAILURE } from '../src/turn/coach-turn.service';
import { expectContractValid } from './contract-check';
import { newUser, startChat, type ChatBed } from './support';

describe('conversations and messages', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    // A short turn timeout for the slow-model test; every other scripted reply is immediate.
    bed = await startChat({ env: { CHAT_TURN_TIMEOUT_MS: '1500' } });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (userId: string, content: string, conversationId?: string) => bed.ask(PostChatMessage, { userId, content, conversationId });

  function receivedOne<C extends DurableContract>(contract: C, matches: (payload: PayloadOf<C>) => boolean): Promise<PayloadOf<C>> {
    return expectEventually(() => {
      const matching = bed.received
        .filter((envelope) => envelope.type === contract.type)
        .map((envelope) => contract.payload.parse(envelope.payload) as PayloadOf<C>)
        .filter(matches);
      expect(matching).toHaveLength(1);
      return matching[0]!;
    });
  }

  /** Posts and waits for the coach's reply: a conversation built one whole turn at a time. */
  async function converse(userId: string, content: string, conversationId?: string) {
    const posted = await post(userId, content, conversationId);
    await receivedOne(ChatMessageCreated, ({ message }) => message.inReplyTo === posted.messageId);
    return posted;
  }

  const rejected = (status: number) => ({ name: QueryRejectedError.name, status });

  describe('posting', () => {
    it("should answer 404 for another user's conversation and 409 for an ended one", async () => {
      const [owner, intruder] = [newUser(), newUser()];
      const { conversationId } = await converse(owner, 'A first message.');

      await expect(post(intruder, 'Let me in.', conversationId)).rejects.toMatchObject(rejected(404));
      await expect(post(owner, 'To nowhere.', randomUUID())).rejects.toMatchObject(rejected(404));
      await bed.ask(EndConversation, { userId: owner, conversationId });
      await expect(post(owner, 'Too late.', conversationId)).rejects.toMatchObject(rejected(409));
      // Without an id, the user's next message opens a new conversation.
      expect((await converse(owner, 'A new start.')).conversationId).not.toBe(conversationId);
    });

    it('should open one conversation when a user sends two first messages at once', async () => {
      const userId = newUser();
      const [first, second] = await Promise.all([post(userId, 'One at once.'), post(userId, 'Two at once.')]);
      expect(second.conversationId).toBe(first.conversationId);
    });

    it('should say chat.turn.failed when the model takes longer than the turn may', async () => {
      const userId = newUser();
      bed.model.script({ when: 'slow model', delayMs: 10_000, pieces: ['Too late.'] });
      const posted = await post(userId, 'Hello slow model.');
      const failed = await receivedOne(ChatTurnFailed, (payload) => payload.userMessageId === posted.messageId);
      expect(failed.reason).toBe(TURN_FAILURE.timedOut);
    });
  });

  describe('listing messages', () => {
    it('should page through the messages newest first, and within one conversation', async () => {
      const userId = newUser();
      const first = await converse(userId, 'Morning routines matter to me.');
      await bed.ask(EndConversation, { userId, conversationId: first.conversationId });
      const second = await converse(userId, 'I want to garden on weekends.');
      await converse(userId, 'And read more in the evening.', second.conversationId);

      const all = (await bed.ask(ListChatMessages, { userId, limit: 100 })).items;
      expect(all.map((message) => `${message.role}`)).toEqual(['COACH', 'USER', 'COACH', 'USER', 'COACH', 'USER']);
      expect(all.map((message) => message.createdAt)).toEqual([...all.map((message) => message.createdAt)].sort().reverse());

      const page1 = await bed.ask(ListChatMessages, { userId, limit: 4 });
      const page2 = await bed.ask(ListChatMessages, { userId, limit: 4, cursor: page1.nextCursor! });
      expect([...page1.items, ...page2.items]).toEqual(all);
      expect(page2.nextCursor).toBeNull();

      const inSecond = await bed.ask(ListChatMessages, { userId, conversationId: second.conversationId, limit: 100 });
      expect(inSecond.items).toHaveLength(4);
      expect(new Set(inSecond.items.map((message) => message.conversationId))).toEqual(new Set([second.conversationId]));
      await expect(bed.ask(ListChatMessages, { userId: newUser(), conversationId: second.conversationId, limit: 10 })).rejects.toMatchObject(rejected(404));
      await expect(bed.ask(ListChatMessages, { userId, cursor: 'not-a-cursor', limit: 10 })).rejects.toMatchObject(rejected(400));
    });

    it('should search by words, best match first, paging by offset', async () => {
      const userId = newUser();
      const weak = await converse(userId, 'Gardening is nice, but work is busy.');
      const strong = await converse(userId, 'My garden, my gardening gloves, and gardens everywhere.');
      await converse(userId, 'Nothing about plants here.');

      const found = await bed.ask(ListChatMessages, { userId, q: 'garden', limit: 10 });
      expect(found.items.map((message) => message.id)).toEqual([strong.messageId, weak.messageId]);
      const page1 = await bed.ask(ListChatMessages, { userId, q: 'garden', limit: 1 });
      const page2 = await bed.ask(ListChatMessages, { userId, q: 'garden', limit: 1, cursor: page1.nextCursor! });
      expect([...page1.items, ...page2.items].map((message) => message.id)).toEqual([strong.messageId, weak.messageId]);
      expect(page2.nextCursor).toBeNull();
      expect((await bed.ask(ListChatMessages, { userId, q: 'garden -busy', limit: 10 })).items.map((message) => message.id)).toEqual([strong.messageId]);
      expect((await bed.ask(ListChatMessages, { userId: newUser(), q: 'garden', limit: 10 })).items).toEqual([]);
    });
  });

  describe('ending', () => {
    it('should end a conversation with the summary the coach writes, once', async () => {
      const userId = newUser();
      const { conversationId } = await converse(userId, 'I want to be a patient parent.');
      bed.model.script({ when: 'User: I want to be a patient parent.', pieces: ['The user wants to be a patient parent.'] });

      const ended = await bed.ask(EndConversation, { userId, conversationId });

      expect(ended).toMatchObject({ id: conversationId, userId, sessionType: 'GENERAL', phase: 'GET_TO_KNOW_YOU', summary: 'The user wants to be a patient parent.', endedAt: expect.any(String) });
      const summaryCall = bed.model.calls.find((call) => call.system.startsWith('Summarize this coaching conversation'))!;
      expect(summaryCall.tools).toEqual([]);
      expect(await receivedOne(ConversationEnded, ({ conversation }) => conversation.id === conversationId)).toEqual({ conversation: ended, reason: 'USER' });
      await expect(bed.ask(EndConversation, { userId, conversationId })).rejects.toMatchObject(rejected(409));
      await expect(bed.ask(EndConversation, { userId: newUser(), conversationId })).rejects.toMatchObject(rejected(404));
    });

    it('should still end, with an offline summary in the third person, when the model fails to summarize', async () => {
      const userId = newUser();
      const { conversationId } = await converse(userId, 'Sleep is my struggle.');
      await converse(userId, 'Also caffeine after noon.');
      bed.model.script({ when: 'User: Sleep is my struggle.', error: new Error('model down') });

      const ended = await bed.ask(EndConversation, { userId, conversationId });
      expect(ended.summary).toBe('The user shared that sleep is their struggle; that caffeine after noon. (2 messages from the user.)');
    });

    it('should end idle conversations, each once, and leave active ones open', async () => {
      const [idleUser, activeUser] = [newUser(), newUser()];
      const idle = await converse(idleUser, 'Talk soon.');
      const active = await converse(activeUser, 'Still here.');
      await bed.sql("update chat.conversations set last_message_at = now() - interval '31 minutes' where id = $1", [idle.conversationId]);

      const sweeper = bed.chat.get(InactivitySweeper);
      const [a, b] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
      expect(a + b).toBe(1); // SKIP LOCKED: the two sweeps never end one conversation twice
      expect(await receivedOne(ConversationEnded, ({ conversation }) => conversation.id === idle.conversationId)).toMatchObject({
        reason: 'INACTIVITY',
        conversation: { summary: expect.any(String) },
      });
      const open = await bed.sql('select id from chat.conversations where ended_at is null and id = any($1)', [[idle.conversationId, active.conversationId]]);
      expect(open).toEqual([{ id: active.conversationId }]);
    });

    it('should list conversations newest first, a page at a time', async () => {
      const userId = newUser();
      const ids: string[] = [];
      for (const content of ['First session.', 'Second session.', 'Third session.']) {
        const { conversationId } = await converse(userId, content);
        await bed.ask(EndConversation, { userId, conversationId });
        ids.unshift(conversationId);
      }
      const page1 = await bed.ask(ListConversations, { userId, limit: 2 });
      const page2 = await bed.ask(ListConversations, { userId, limit: 2, cursor: page1.nextCursor! });
      expect([...page1.items, ...page2.items].map((conversation) => conversation.id)).toEqual(ids);
      expect(page2.nextCursor).toBeNull();
    });
  });

  describe('erasure', () => {
    it('should erase every row chat holds for a deleted user, and only theirs', async () => {
      const [userId, other] = [newUser(), newUser()];
      bed.model.script({ when: 'forget me', toolCalls: [{ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION' } }] });
      await converse(userId, 'Please forget me.');
      await converse(other, 'Please remember me.');
      const identity = { ...exampleIdentity, id: randomUUID(), userId, updatedAt: new Date().toISOString() };
      await bed.publish(IdentityProposed, { identity }, { userId });
      await expectEventually(async () => expect(await bed.sql('select id from chat.identity_snapshots where user_id = $1', [userId])).toHaveLength(1));

      await bed.publish(UserDeleted, { userId, requestedAt: new Date().toISOString() }, { userId });

      // 1 conversation + 2 messages + 1 action + 1 identity snapshot.
      expect(await receivedOne(UserErased, (payload) => payload.userId === userId)).toEqual({ userId, service: 'chat', erasedRows: 5 });
      for (const table of ['conversations', 'chat_messages', 'actions', 'identity_snapshots', 'coach_contexts']) {
        expect(await bed.sql(`select * from chat.${table} where user_id = $1`, [userId])).toEqual([]);
      }
      const outbox = await bed.sql<{ subject: string }>("select subject from chat.outbox where envelope->>'userId' = $1", [userId]);
      expect(outbox.every((row) => row.subject === UserErased.subject)).toBe(true);
      expect(await bed.sql('select id from chat.chat_messages where user_id = $1', [other])).toHaveLength(2);
    });
  });

  it('should send only events that validate against their contracts', () => {
    expectContractValid(
      bed.received.filter((envelope) => envelope.type !== 'coach-state.transition'),
      ['chat.message.created', 'chat.turn.failed', 'chat.conversation.ended', 'user.erased'],
    );
  });
});
