import { randomUUID } from 'node:crypto';

import { ChatMessageCreated, type EmotionView, type MemoryHit, type NoteView } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

/** The gateway's memory routes (notes, emotions) against the real sentinel service (its own process, over NATS). */
describe('gateway memory routes', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({}, 'sentinel');
    api = apiClient(gateway.url);
  });

  afterAll(() => gateway?.close());

  const register = async () => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
  const notes = async (user: AuthBody, query = '') => (await api<{ items: NoteView[] }>('GET', `/v1/notes${query}`, { token: user.token })).body.items;

  /** The user writes to the coach (chat.message.created, as chat publishes it); resolves once Sentinel noted `expected`. */
  async function say(user: AuthBody, content: string, expected: string | null, createdAt = new Date().toISOString()): Promise<NoteView | undefined> {
    const message = { id: randomUUID(), conversationId: randomUUID(), userId: user.user.id, role: 'USER' as const, content, inReplyTo: null, createdAt };
    await gateway.app.get(MessageBus).transaction(async ({ emit }) => emit(ChatMessageCreated, { message, actions: [] }, { userId: user.user.id }));
    return expectEventually(async () => {
      if (expected === null) {
        expect((await api<{ items: EmotionView[] }>('GET', '/v1/emotions', { token: user.token })).body.items.map((emotion) => emotion.messageId)).toContain(message.id);
        return undefined;
      }
      const found = (await notes(user)).find((note) => note.note === expected);
      expect(found).toBeDefined();
      return found;
    });
  }

  it('should list, filter and search the caller’s notes, with history when asked', async () => {
    const ada = await register();
    await say(ada, 'I work at Acme.', 'Works at Acme');
    await say(ada, 'I love hiking in the mountains.', 'Loves hiking in the mountains');
    await say(ada, 'I moved from Acme to Globex.', 'Moved from Acme to Globex');

    expect((await notes(ada)).map((note) => note.note)).toEqual(['Moved from Acme to Globex', 'Loves hiking in the mountains']);
    expect((await notes(ada, '?category=preference')).map((note) => note.note)).toEqual(['Loves hiking in the mountains']);
    expect((await notes(ada, '?includeHistory=true')).map((note) => [note.note, note.validTo === null])).toContainEqual(['Works at Acme', false]);
    expect((await notes(ada, '?q=mountains&limit=1')).map((note) => note.note)).toEqual(['Loves hiking in the mountains']);

    // A page at a time: the cursor of one page opens the next; null on the last.
    const first = await api<{ items: NoteView[]; nextCursor: string | null }>('GET', '/v1/notes?limit=1', { token: ada.token });
    expect(first).toMatchObject({ status: 200, body: { items: [expect.objectContaining({ note: 'Moved from Acme to Globex' })], nextCursor: expect.any(String) } });
    const second = await api<{ items: NoteView[]; nextCursor: string | null }>('GET', `/v1/notes?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token: ada.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ note: 'Loves hiking in the mountains' })], nextCursor: null });
    expect(await api('GET', '/v1/notes?cursor=nonsense', { token: ada.token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
  });

  it('should let the caller correct a note and forget one (204), gone from then on', async () => {
    const user = await register();
    const note = (await say(user, 'I struggle with public speaking.', 'Struggles with public speaking'))!;

    const edited = await api('PATCH', `/v1/notes/${note.id}`, { token: user.token, body: { note: '  Struggles with speaking to large groups  ', category: 'challenge' } });
    expect(edited).toMatchObject({ status: 200, body: { id: note.id, note: 'Struggles with speaking to large groups', confidence: 1 } });

    const forgotten = await api('DELETE', `/v1/notes/${note.id}`, { token: user.token });
    expect(forgotten.status).toBe(204);
    expect(forgotten.body).toBeUndefined();
    expect(await notes(user, '?includeHistory=true')).toEqual([]);
    expect((await api('DELETE', `/v1/notes/${note.id}`, { token: user.token })).status).toBe(404);
  });

  it('should answer 404 for another user’s note on every route, and change nothing', async () => {
    const owner = await register();
    const intruder = await register();
    const note = (await say(owner, 'I value honesty.', 'Values honesty'))!;

    expect((await api('PATCH', `/v1/notes/${note.id}`, { token: intruder.token, body: { note: 'Taken' } })).status).toBe(404);
    expect((await api('DELETE', `/v1/notes/${note.id}`, { token: intruder.token })).status).toBe(404);
    expect(await notes(intruder, '?q=honesty&includeHistory=true')).toEqual([]);
    expect(await notes(owner)).toEqual([expect.objectContaining({ id: note.id, note: 'Values honesty' })]);
  });

  it('should search the caller’s notes and own messages together, and nobody else’s', async () => {
    const user = await register();
    const intruder = await register();
    await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: false, keepEmotions: true } });
    await say(user, 'I went to a LGBTQ support group yesterday and it was so powerful.', 'Went to a LGBTQ support group yesterday');
    await say(user, 'The weather was grey all week, I was a bit tired.', null);

    const search = async (who: AuthBody, q: string) => (await api<{ items: MemoryHit[] }>('GET', `/v1/memory/search?q=${encodeURIComponent(q)}&limit=3`, { token: who.token })).body.items;
    const [best] = await search(user, 'what was that support meeting?');
    expect(best?.kind === 'note' ? best.note.note : best?.episode.content).toMatch(/support group yesterday/);
    // A message no note was taken from is found too: an episode.
    expect(await search(user, 'how was the weather')).toContainEqual(
      expect.objectContaining({ kind: 'episode', episode: expect.objectContaining({ content: 'The weather was grey all week, I was a bit tired.' }) }),
    );
    expect(await search(intruder, 'support group weather')).toEqual([]);
    expect(await api('GET', '/v1/memory/search', { token: user.token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('q') } });
    expect((await api('GET', '/v1/memory/search?q=x&limit=51', { token: user.token })).status).toBe(400);
    expect((await api('GET', '/v1/memory/search?q=x')).status).toBe(401);
  });

  it('should list emotions in a date range, newest first, once the user consents to them', async () => {
    const user = await register();
    expect(await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: false, keepEmotions: true } })).toMatchObject({ status: 200, body: { keepEmotions: true } });
    await say(user, 'I feel great today', null, '2026-01-10T10:00:00.000Z');
    await say(user, 'I am so stressed', null, '2026-02-10T10:00:00.000Z');
    await say(user, 'I feel calm', null, '2026-03-10T10:00:00.000Z');

    const emotions = async (query: string) =>
      (await api<{ items: EmotionView[] }>('GET', `/v1/emotions${query}`, { token: user.token })).body.items.map((item) => [item.valence, item.createdAt.slice(0, 10)]);
    expect(await emotions('')).toEqual([
      ['POSITIVE', '2026-03-10'],
      ['NEGATIVE', '2026-02-10'],
      ['POSITIVE', '2026-01-10'],
    ]);
    expect(await emotions('?from=2026-01-15&to=2026-03-10')).toEqual([['NEGATIVE', '2026-02-10']]);
    expect(await emotions('?from=2026-02-10T10:00:00Z&limit=1')).toEqual([['POSITIVE', '2026-03-10']]);

    // A page at a time, within the range: the cursor of one page opens the next; null on the last.
    const page = async (query: string) => (await api<{ items: EmotionView[]; nextCursor: string | null }>('GET', `/v1/emotions${query}`, { token: user.token })).body;
    const first = await page('?from=2026-01-01&limit=2');
    expect(first.items.map((item) => item.createdAt.slice(0, 10))).toEqual(['2026-03-10', '2026-02-10']);
    expect(await page(`?from=2026-01-01&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)).toEqual({
      items: [expect.objectContaining({ valence: 'POSITIVE', createdAt: expect.stringMatching(/^2026-01-10/) })],
      nextCursor: null,
    });
    expect(await api('GET', '/v1/emotions?cursor=nonsense', { token: user.token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
  });

  it('should keep health and emotion memories only with consent, set as booleans', async () => {
    const user = await register();
    const settings = async () => (await api<{ keepHealth: boolean; keepEmotions: boolean; updatedAt: string | null }>('GET', '/v1/memory/settings', { token: user.token })).body;
    expect(await settings()).toMatchObject({ keepHealth: false, keepEmotions: false, updatedAt: null });
    // One message, two facts: the one about health is not kept without consent.
    await say(user, "I've been sleeping badly for weeks. I work at Umbrella.", 'Works at Umbrella');
    expect((await notes(user)).map((note) => [note.note, note.memoryClass])).toEqual([['Works at Umbrella', 'work']]);

    const given = await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: true, keepEmotions: false } });
    expect(given).toMatchObject({ status: 200, body: { keepHealth: true, keepEmotions: false, forgotten: 0 } });
    const health = (await say(user, "I've been sleeping badly for weeks.", 'Has been sleeping badly for weeks'))!;
    expect(health.memoryClass).toBe('health');
    expect(await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: false, keepEmotions: false } })).toMatchObject({ status: 200, body: { forgotten: 2 } });
    expect((await notes(user)).map((note) => note.note)).toEqual(['Works at Umbrella']);

    expect(await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: 'yes', keepEmotions: false } })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', detail: expect.stringContaining('keepHealth'), errors: [{ field: 'keepHealth', message: expect.stringContaining('boolean') }] },
    });
    expect(await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: true } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('keepEmotions') } });
    expect(await api('PUT', '/v1/memory/settings', { token: user.token, body: { keepHealth: true, keepEmotions: null } })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('keepEmotions') },
    });
    expect((await api('GET', '/v1/memory/settings')).status).toBe(401);
  });

  it('should refuse bad input with a 400 and a message, and anonymous callers with a 401', async () => {
    const user = await register();
    const note = (await say(user, 'I work at Initech.', 'Works at Initech'))!;
    expect(await api('GET', '/v1/notes?category=hobby', { token: user.token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('category') } });
    expect(await api('GET', '/v1/notes?includeHistory=maybe', { token: user.token })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('includeHistory'), errors: [{ field: 'includeHistory', message: expect.stringContaining('boolean') }] },
    });
    expect((await api('GET', '/v1/notes?limit=500', { token: user.token })).status).toBe(400);
    expect(await api('PATCH', '/v1/notes/not-a-uuid', { token: user.token, body: { note: 'x' } })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: [{ field: 'id', message: 'id must be a UUID' }] },
    });
    expect(await api('PATCH', `/v1/notes/${note.id}`, { token: user.token, body: { confidence: 1 } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('confidence') } });
    expect(await api('PATCH', `/v1/notes/${note.id}`, { token: user.token, body: {} })).toMatchObject({ status: 400, body: { detail: 'Give a note or a category to change' } });
    // null is not "unchanged": the DTO refuses it (found by the sweep's generated bodies: it was a 500).
    expect(await api('PATCH', `/v1/notes/${note.id}`, { token: user.token, body: { category: null } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('category') } });
    expect(await api('PATCH', `/v1/notes/${note.id}`, { token: user.token, body: { note: null, category: 'goal' } })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('note') },
    });
    expect(await api('GET', '/v1/emotions?from=yesterday', { token: user.token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('from') } });
    expect(await api('GET', '/v1/emotions?from=2026-03-01&to=2026-02-01', { token: user.token })).toMatchObject({ status: 400, body: { detail: '`from` must be before `to`' } });
    expect((await api('GET', '/v1/notes')).status).toBe(401);
    expect((await api('GET', '/v1/emotions')).status).toBe(401);
  });
});
