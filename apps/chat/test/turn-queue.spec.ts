import { ChatMessageCreated, ChatTurnFailed, PostChatMessage, type PayloadOf } from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { roleOf } from '@tandem/persistence';
import { expectEventually, transactionsHeldAcross } from '@tandem/testing';

import { newUser, startChat, type ChatBed } from './support';

/** The turn under a slow model: no connection held while it speaks, a bounded queue per user, safe retries. */
describe('coach turn queue', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    bed = await startChat({ env: { CHAT_MAX_PENDING_TURNS: '2' } });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (userId: string, content: string, idempotencyKey?: string) => bed.ask(PostChatMessage, { userId, content, idempotencyKey });
  const replyTo = (messageId: string) =>
    expectEventually(() => {
      const reply = bed.received.find((envelope) => envelope.type === ChatMessageCreated.type && (envelope.payload as PayloadOf<typeof ChatMessageCreated>).message.inReplyTo === messageId);
      expect(reply).toBeDefined();
      return (reply!.payload as PayloadOf<typeof ChatMessageCreated>).message;
    });

  it('should hold no connection in a transaction, nor any lock, while the model speaks', async () => {
    const userId = newUser();
    let held: string[] | undefined;
    bed.model.script({
      when: 'while you think',
      pieces: ['Take your time.'],
      // chat's transactions open as the model starts answering and still open while it thinks.
      during: async () => void (held = await transactionsHeldAcross(bed.sql, { role: roleOf('chat'), database: bed.db.name })),
    });
    const posted = await post(userId, 'Hold nothing while you think.');
    expect((await replyTo(posted.messageId)).content).toBe('Take your time.');
    expect(held).toEqual([]);
  });

  it("should refuse a user's message with 429 while earlier ones wait for the coach, and take it once they are answered", async () => {
    const userId = newUser();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    bed.model.script({ when: 'first of three', pieces: ['One.'], during: () => released }, { when: 'second of three', pieces: ['Two.'] }, { when: 'third of three', pieces: ['Three.'] });
    const first = await post(userId, 'The first of three.');
    const second = await post(userId, 'The second of three.');

    const refused = await post(userId, 'The third of three.').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueryRejectedError);
    expect(refused).toMatchObject({ status: 429, message: expect.stringContaining('2 of your messages are still waiting') });
    // Another user is not held back by this one's queue.
    const other = await post(newUser(), 'Someone else entirely.');
    await replyTo(other.messageId);

    release();
    await replyTo(first.messageId);
    await replyTo(second.messageId);
    const third = await post(userId, 'The third of three.');
    expect((await replyTo(third.messageId)).content).toBe('Three.');
    expect(await bed.sql("select count(*)::int as n from chat.chat_messages where user_id = $1 and role = 'USER'", [userId])).toEqual([{ n: 3 }]);
  });

  it('should count a failed turn as over', async () => {
    const userId = newUser();
    bed.model.script({ when: 'fail me', error: new Error('provider down') }, { when: 'fail me', error: new Error('provider down') });
    for (const content of ['Please fail me.', 'Please fail me too.']) {
      const posted = await post(userId, content);
      await expectEventually(() =>
        expect(bed.received.some((envelope) => envelope.type === ChatTurnFailed.type && (envelope.payload as PayloadOf<typeof ChatTurnFailed>).userMessageId === posted.messageId)).toBe(true),
      );
    }
    await replyTo((await post(userId, 'Still there?')).messageId);
  });

  it('should store a message once however often its request is retried with one Idempotency-Key', async () => {
    const userId = newUser();
    const key = `retry-${userId}`;
    const first = await post(userId, 'Sent over a flaky network.', key);
    const [again, concurrent] = await Promise.all([post(userId, 'Sent over a flaky network.', key), post(userId, 'Sent over a flaky network.', key)]);

    expect(first.replayed).toBeUndefined();
    for (const retry of [again, concurrent]) expect(retry).toEqual({ conversationId: first.conversationId, messageId: first.messageId, replayed: true });
    await replyTo(first.messageId);
    expect(await bed.sql("select count(*)::int as n from chat.chat_messages where user_id = $1 and role = 'USER'", [userId])).toEqual([{ n: 1 }]);
    // The key is the user's own: another user's identical key is a new message.
    const stranger = await post(newUser(), 'Sent over a flaky network.', key);
    expect(stranger.messageId).not.toBe(first.messageId);
  });
});
