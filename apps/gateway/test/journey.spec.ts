import { Client } from 'pg';

import { expectEventually } from '@tandem/testing';

import { newAccount } from './support';
import { chatTurn, startSystem, type StreamedTurn, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}

/** A new user chats with the offline coach through the gateway, every service its own process. */
describe('coaching journey through the gateway', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '5000' });
  }, 90_000);
  afterAll(() => system?.stop());

  async function rows<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const client = new Client({ connectionString: system.db.adminUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const phaseOf = async (token: string) => (await system.api<{ currentPhase: string }>('GET', '/v1/coach-state', { token })).body.currentPhase;
  const reply = (turn: StreamedTurn) => turn.events.at(-1)!;

  it('should take a new user from GET_TO_KNOW_YOU to an accepted identity in IDENTITY_REFINEMENT purely by chatting', async () => {
    const { body: user } = await system.api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('GET_TO_KNOW_YOU'));

    const answers = [
      'Hi! I lead a small engineering team at work.',
      'Most weeks are meetings, code reviews and firefighting for my team.',
      'I want to grow as a leader and stay calm under pressure at work.',
      'In a year I see myself leading my team with confidence and calm.',
    ];
    const turns: StreamedTurn[] = [];
    for (const answer of answers) {
      if ((await phaseOf(user.token)) !== 'GET_TO_KNOW_YOU') break;
      const turn = await chatTurn(system.gatewayUrl, user.token, answer);
      turns.push(turn);
      expect(turn.status).toBe(200);
      expect(reply(turn).type).toBe('chat.message.created');
    }
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('IDENTITY_CREATION'), { timeoutMs: 10_000 });

    // The streamed pieces of each reply are exactly the stored reply, in order.
    for (const turn of turns) {
      const tokens = turn.events.filter((event) => event.type === 'chat.token').map((event) => event.data as { index: number; text: string });
      expect(tokens.length).toBeGreaterThan(1);
      expect(tokens.map((token) => token.index)).toEqual(tokens.map((_, index) => index));
      expect(tokens.map((token) => token.text).join('')).toBe((reply(turn).data as { message: { content: string } }).message.content);
    }

    const proposal = await chatTurn(system.gatewayUrl, user.token, 'What kind of identity would fit me?');
    expect((reply(proposal).data as { actions: Array<{ type: string }> }).actions.map((action) => action.type)).toContain('propose_identity');
    const proposed = await expectEventually(async () => {
      const { body } = await system.api<{ proposedIdentityId: string | null }>('GET', '/v1/coach-state', { token: user.token });
      expect(body.proposedIdentityId).not.toBeNull();
      return body.proposedIdentityId!;
    });

    const agreed = await chatTurn(system.gatewayUrl, user.token, 'Yes, I like it!');
    expect((reply(agreed).data as { actions: Array<{ type: string }> }).actions.map((action) => action.type)).toEqual(['accept_identity', 'transition_phase']);
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('IDENTITY_REFINEMENT'), { timeoutMs: 10_000 });

    // What each service now holds for this user.
    const [identity] = await rows<{ id: string; state: string; category: string }>('select id, state, category from identities.identities where user_id = $1', [user.user.id]);
    expect(identity).toMatchObject({ id: proposed, state: 'ACCEPTED', category: 'CAREER' });
    const [state] = await rows('select current_phase, current_identity_id, proposed_identity_id from coach_state.coach_states where user_id = $1', [user.user.id]);
    expect(state).toMatchObject({ current_phase: 'IDENTITY_REFINEMENT', current_identity_id: proposed });
    const messages = await rows<{ role: string }>('select role from chat.chat_messages where user_id = $1 order by created_at', [user.user.id]);
    expect(messages.filter((message) => message.role === 'USER')).toHaveLength(turns.length + 2);
    expect(messages.filter((message) => message.role === 'COACH')).toHaveLength(turns.length + 2);
    await expectEventually(async () => {
      const actions = await rows<{ type: string; status: string }>('select type, status from chat.actions where user_id = $1 order by created_at', [user.user.id]);
      expect(actions.map((action) => `${action.type}:${action.status}`)).toEqual([
        'transition_phase:SUCCEEDED',
        'propose_identity:SUCCEEDED',
        'accept_identity:SUCCEEDED',
        'transition_phase:SUCCEEDED',
      ]);
    });

    const { body: identities } = await system.api<{ items: Array<{ id: string; state: string }> }>('GET', '/v1/identities', { token: user.token });
    expect(identities.items).toEqual([expect.objectContaining({ id: proposed, state: 'ACCEPTED' })]);
  }, 60_000);
});
