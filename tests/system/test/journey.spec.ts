import { Client } from 'pg';

import { expectEventually, newAccount } from '@tandem/testing';

import { chatTurn, startSystem, type StreamedTurn, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}

/**
 * A new user chats with the offline coach through the gateway, every service its own process:
 * the whole journey, then the account's erasure in every service.
 */
describe('coaching journey through the gateway', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '5000', PROGRESS_SCHEDULER_INTERVAL_MS: '250' });
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

  it('should take a new user through every phase by chatting alone, remembering them and suggesting a colleague, then erase them everywhere', async () => {
    const started = Date.now();
    const { body: user } = await system.api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('GET_TO_KNOW_YOU'));

    const answers = [
      'Hi! I work as an engineering manager at Acme.',
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

    // Refinement: an affirmation, then a visualization; the coach completes it and moves on.
    // The coach asks for the affirmation first, then the visualization.
    const refinement = ['Great, what comes next?', 'I am a calm and clear leader who listens first.', 'I see myself opening Monday planning with a calm, unhurried voice.'];
    for (const said of refinement) await chatTurn(system.gatewayUrl, user.token, said);
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('INTEGRATION'), { timeoutMs: 15_000 });
    const { body: refined } = await system.api<{ state: string; affirmation: string; visualization: string }>('GET', `/v1/identities/${proposed}`, { token: user.token });
    expect(refined).toMatchObject({ state: 'REFINEMENT_COMPLETE', affirmation: expect.stringContaining('calm and clear leader'), visualization: expect.stringContaining('Monday planning') });

    // In INTEGRATION the user keeps one small action: a goal, a commitment due in a moment, and the coach checks in on it.
    const goal = (await system.api<{ id: string }>('POST', '/v1/goals', { token: user.token, body: { title: 'Lead with calm', why: 'My team deserves it', identityId: proposed } })).body;
    const { body: commitment } = await system.api<{ id: string; status: string }>('POST', '/v1/commitments', {
      token: user.token,
      body: { title: 'Open Monday planning calmly', dueAt: new Date(Date.now() + 2_000).toISOString(), goalId: goal.id },
    });
    expect(commitment.status).toBe('SCHEDULED');
    await expectEventually(
      async () => {
        const { body } = await system.api<{ items: Array<{ role: string; content: string }> }>('GET', '/v1/chat/messages', { token: user.token });
        expect(body.items.some((message) => message.role === 'COACH' && message.content.includes('"Open Monday planning calmly"'))).toBe(true);
      },
      { timeoutMs: 20_000 },
    );
    expect((await system.api<{ status: string }>('POST', `/v1/commitments/${commitment.id}/complete`, { token: user.token, body: { note: 'Went well' } })).body.status).toBe('COMPLETED');
    expect((await system.api<{ progress: number }>('GET', `/v1/goals/${goal.id}`, { token: user.token })).body.progress).toBe(100);

    // Sentinel remembered where the user works, and the coach's turns are given that note.
    const note = await expectEventually(async () => {
      const { body } = await system.api<{ items: Array<{ id: string; note: string; sourceMessageId: string | null }> }>('GET', '/v1/notes', { token: user.token });
      const found = body.items.find((item) => /acme/i.test(item.note));
      expect(found).toBeDefined();
      return found!;
    });
    const used = await rows<{ context_used: { noteIds?: string[] } }>('select context_used from chat.conversations where user_id = $1', [user.user.id]);
    expect(used[0]!.context_used.noteIds).toContain(note.id);

    // A colleague of the same organisation who knows about migrations: the coach suggests them.
    const colleague = (await system.api<AuthBody>('POST', '/v1/auth/register', { body: newAccount({ firstName: 'Grace', lastName: 'Hopper' }) })).body;
    const profile = { company: 'Acme', department: 'Platform', role: 'Staff engineer', expertiseAreas: ['database migrations', 'postgresql'], availability: 'available', connectionOptIn: true };
    expect((await system.api('PUT', '/v1/profile', { token: colleague.token, body: profile })).status).toBe(200);
    expect((await system.api('PUT', '/v1/profile', { token: user.token, body: { company: 'Acme', role: 'Engineering manager', connectionOptIn: true } })).status).toBe(200);
    // The typed company grants nothing: the user founds the organisation and invites Grace.
    expect((await system.api('POST', '/v1/organisations', { token: user.token, body: { name: 'Acme' } })).status).toBe(201);
    const invitation = (await system.api<{ token: string }>('POST', '/v1/organisations/mine/invitations', { token: user.token, body: {} })).body.token;
    expect((await system.api('POST', '/v1/organisations/join', { token: colleague.token, body: { invitation } })).status).toBe(200);
    const asked = await chatTurn(system.gatewayUrl, user.token, 'Who at work could help me with our database migrations?');
    expect((reply(asked).data as { actions: Array<{ type: string }> }).actions.map((action) => action.type)).toEqual(['suggest_connection']);
    const suggestion = await expectEventually(async () => {
      const { body } = await system.api<{ items: Array<{ collaborator: { userId: string; name: string | null }; explanation: string }> }>('GET', '/v1/connections/suggestions', { token: user.token });
      expect(body.items).toHaveLength(1);
      return body.items[0]!;
    });
    expect(suggestion.collaborator).toMatchObject({ userId: colleague.user.id, name: 'Grace Hopper' });
    expect(suggestion.explanation).toMatch(/migrations/i);

    // The last phase: the user says they are done.
    await chatTurn(system.gatewayUrl, user.token, "I'm done, thank you for everything!");
    await expectEventually(async () => expect(await phaseOf(user.token)).toBe('COMPLETED'), { timeoutMs: 10_000 });

    // Erasure: every service confirms, then the account is gone, and nothing of the user is left anywhere.
    expect((await system.api('DELETE', '/v1/me', { token: user.token, body: { password: newAccount().password } })).status).toBe(202);
    await expectEventually(async () => expect((await system.api('GET', '/v1/me/erasure', { token: user.token })).status).toBe(401), { timeoutMs: 20_000 });
    const [left] = await rows<Record<string, string>>(
      `select (select count(*) from accounts.users where id = $1) as users,
              (select count(*) from coach_state.coach_states where user_id = $1) as coach_states,
              (select count(*) from identities.identities where user_id = $1) as identities,
              (select count(*) from chat.chat_messages where user_id = $1) as messages,
              (select count(*) from chat.actions where user_id = $1) as actions,
              (select count(*) from sentinel.user_notes where user_id = $1) as notes,
              (select count(*) from sentinel.emotions where user_id = $1) as emotions,
              (select count(*) from sentinel.episodes where user_id = $1) as episodes,
              (select count(*) from sentinel.memory_settings where user_id = $1) as memory_settings,
              (select count(*) from team.user_profiles_extended where user_id = $1) as profiles,
              (select count(*) from team.connection_suggestions where $1 in (requestor_id, suggested_collaborator_id)) as suggestions,
              (select count(*) from team.organisation_members where user_id = $1) as memberships,
              (select count(*) from team.organisation_invitations where $1 in (created_by, used_by)) as invitations,
              (select count(*) from progress.goals where user_id = $1) as goals,
              (select count(*) from progress.commitments where user_id = $1) as commitments,
              (select count(*) from progress.commitment_occurrences where user_id = $1) as occurrences,
              (select count(*) from progress.reminder_schedules where user_id = $1) as reminders`,
      [user.user.id],
    );
    expect(Object.values(left!).every((count) => count === '0')).toBe(true);
    console.log(`journey: ${turns.length + 7} turns, from registration to erasure, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);
});
