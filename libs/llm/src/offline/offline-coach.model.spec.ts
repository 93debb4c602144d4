import { AIMessage, type AIMessageChunk, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';

import type { CoachingPhase } from '@tandem/contracts';

import { coachActionTools, parseCoachActionCall, type CoachActionName } from '../coach/coach-actions';
import { formatCoachContext, type CoachContext } from '../coach/coach-context';
import { OfflineCoachModel } from './offline-coach.model';

const PROPOSED_ID = '11111111-1111-4111-8111-111111111111';
const SECOND_PROPOSED_ID = '22222222-2222-4222-8222-222222222222';

/** What a phase's prompt allows, as the chat service would bind it. */
const PHASE_TOOLS: Record<CoachingPhase, CoachActionName[]> = {
  GET_TO_KNOW_YOU: ['transition_phase'],
  IDENTITY_CREATION: ['propose_identity', 'accept_identity', 'transition_phase'],
  IDENTITY_REFINEMENT: ['update_identity', 'complete_identity_refinement', 'transition_phase'],
  INTEGRATION: ['transition_phase', 'update_identity', 'suggest_connection'],
  COMPLETED: [],
};

type Call = { name: string; args: Record<string, unknown> };

/**
 * A stand-in for the chat service: builds the system prompt with the context lines, binds the
 * phase's tools, and applies the actions the coach asks for to its own little coach state.
 */
function coachingSession(options: { stream: boolean; keepToolCalls: boolean }) {
  const model = new OfflineCoachModel();
  const state: CoachContext & { phase: CoachingPhase } = { phase: 'GET_TO_KNOW_YOU' };
  const history: BaseMessage[] = [];
  const proposedIds = [PROPOSED_ID, SECOND_PROPOSED_ID];

  async function reply(messages: BaseMessage[]): Promise<AIMessage> {
    const bound = model.bindTools(coachActionTools(PHASE_TOOLS[state.phase]));
    if (!options.stream) return bound.invoke(messages);
    let whole: AIMessageChunk | undefined;
    for await (const chunk of await bound.stream(messages)) whole = whole ? whole.concat(chunk) : chunk;
    return new AIMessage({ content: whole!.content, tool_calls: whole!.tool_calls });
  }

  return {
    state,
    async say(text: string): Promise<{ text: string; calls: Call[] }> {
      history.push(new HumanMessage(text));
      const system = new SystemMessage(`You are Tandem, a warm and practical coach.\n\n${formatCoachContext(state)}`);
      const message = await reply([system, ...history]);
      const calls = (message.tool_calls ?? []).map(({ name, args }) => ({ name, args }));
      for (const { name, args } of calls) {
        expect(parseCoachActionCall({ name, args })).toMatchObject({ ok: true });
        if (name === 'propose_identity') state.proposedIdentityId = proposedIds.shift();
        if (name === 'accept_identity') [state.currentIdentityId, state.proposedIdentityId] = [state.proposedIdentityId, undefined];
        if (name === 'transition_phase') state.phase = args['toPhase'] as CoachingPhase;
      }
      history.push(options.keepToolCalls ? message : new AIMessage(message.text));
      return { text: message.text, calls };
    },
  };
}

describe(OfflineCoachModel.name, () => {
  describe.each([
    { stream: false, keepToolCalls: true },
    { stream: true, keepToolCalls: true },
    { stream: false, keepToolCalls: false },
  ])('walking a user through every phase (%j)', (options) => {
    it('should ask, propose, accept, refine, integrate and complete with the bound tools', async () => {
      const session = coachingSession(options);
      const turn = (text: string) => session.say(text);

      // GET_TO_KNOW_YOU: three questions, then on to identity creation.
      expect(await turn('Hi')).toEqual({ text: expect.stringContaining('what does a typical week look like'), calls: [] });
      expect((await turn('I work as an engineer and spend my evenings with my two kids.')).calls).toEqual([]);
      expect((await turn('I want to be more present with my daughter and my son.')).calls).toEqual([]);
      expect((await turn('Family dinners every night, and my kids feel I am there for them.')).calls).toEqual([
        { name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION', reason: expect.any(String) } },
      ]);

      // IDENTITY_CREATION: a proposal from the user's words; no gives another, yes accepts it.
      const first = await turn('Sounds good');
      expect(first.calls).toEqual([{ name: 'propose_identity', args: { category: 'FAMILY', name: 'The Devoted Parent' } }]);
      expect(first.text).toContain('Does this identity feel like you?');
      expect((await turn('Hmm, not really.')).calls).toEqual([{ name: 'propose_identity', args: { category: 'FAMILY', name: 'The Family Anchor' } }]);
      expect(await turn('Maybe?')).toEqual({ text: expect.stringContaining('a simple yes or no'), calls: [] });
      const accepted = await turn('Yes, I like it!');
      expect(accepted.calls).toEqual([
        { name: 'accept_identity', args: { identityId: SECOND_PROPOSED_ID } },
        { name: 'transition_phase', args: { toPhase: 'IDENTITY_REFINEMENT', reason: expect.any(String) } },
      ]);
      expect(accepted.text).toContain('“The Family Anchor” is yours now');

      // IDENTITY_REFINEMENT: an affirmation, then a visualization, each saved; then complete.
      expect(await turn('Great, what next?')).toEqual({ text: expect.stringContaining('affirm this identity'), calls: [] });
      expect((await turn('I am the calm centre my family can count on.')).calls).toEqual([
        { name: 'update_identity', args: { identityId: SECOND_PROPOSED_ID, affirmation: 'I am the calm centre my family can count on.' } },
      ]);
      expect((await turn('At dinner on Friday, phone away, laughing with the kids.')).calls).toEqual([
        { name: 'update_identity', args: { identityId: SECOND_PROPOSED_ID, visualization: 'At dinner on Friday, phone away, laughing with the kids.' } },
        { name: 'complete_identity_refinement', args: { identityId: SECOND_PROPOSED_ID } },
        { name: 'transition_phase', args: { toPhase: 'INTEGRATION', reason: expect.any(String) } },
      ]);

      // INTEGRATION: a different tip each turn, colleagues when asked, until the user says they are done.
      const tip1 = await turn('How do I keep this going?');
      const tip2 = await turn('Thanks, what else?');
      expect(tip1.calls).toEqual([]);
      expect(tip1.text).toContain('affirmation aloud');
      expect(tip2.text).not.toEqual(tip1.text);
      expect(await turn('Who at work could help me plan the family move around my job?')).toEqual({
        text: 'Let me look for colleagues who could help with that.',
        calls: [{ name: 'suggest_connection', args: { context: 'Who at work could help me plan the family move around my job?' } }],
      });
      const tip3 = await turn('Good, and another tip?');
      expect([tip1.text, tip2.text]).not.toContain(tip3.text);
      expect((await turn("I'm done, thank you!")).calls).toEqual([{ name: 'transition_phase', args: { toPhase: 'COMPLETED', reason: expect.any(String) } }]);

      expect(await turn('Hello again')).toEqual({ text: expect.stringContaining("You've completed the coaching journey"), calls: [] });
      expect(session.state.phase).toBe('COMPLETED');
    });
  });

  const context = (phase: CoachingPhase) => new SystemMessage(formatCoachContext({ phase }));
  const gettingToKnow = [
    context('GET_TO_KNOW_YOU'),
    new HumanMessage('Hi'),
    new AIMessage('Which part of your life would you most like to grow in right now?'),
    new HumanMessage('My career: I want to lead my team with confidence.'),
    new AIMessage('Imagine it is a year from now and things went really well: what has changed for you?'),
    new HumanMessage('I got promoted and my colleagues trust me.'),
  ];

  it('should call only bound tools, and none with tool_choice "none"', async () => {
    const model = new OfflineCoachModel();

    const unbound = await model.invoke(gettingToKnow);
    const refused = await model.bindTools(coachActionTools(['transition_phase']), { tool_choice: 'none' }).invoke(gettingToKnow);
    const openAiFormat = await model.bindTools([{ type: 'function', function: { name: 'transition_phase', parameters: {} } }]).invoke(gettingToKnow);

    expect(unbound.tool_calls).toEqual([]);
    expect(unbound.text).toContain('shape an identity');
    expect(refused.tool_calls).toEqual([]);
    expect(openAiFormat.tool_calls?.map((call) => call.name)).toEqual(['transition_phase']);
  });

  it('should choose the life area from what the user said', async () => {
    const model = new OfflineCoachModel().bindTools(coachActionTools());
    const propose = async (said: string) => (await model.invoke([context('IDENTITY_CREATION'), new HumanMessage(said)])).tool_calls?.[0]?.args;

    expect(await propose('My boss wants me to lead the new project team')).toEqual({ category: 'CAREER', name: 'The Confident Leader' });
    expect(await propose('I want to run a marathon and sleep better')).toEqual({ category: 'HEALTH', name: 'The Energetic Athlete' });
    expect(await propose('Paying off debt and building savings')).toEqual({ category: 'FINANCES', name: 'The Wise Steward' });
    expect(await propose('Hello there')).toEqual({ category: 'PERSONAL_GROWTH', name: 'The Lifelong Learner' });
  });

  it('should stream word by word, with tool calls in pieces that join into whole calls', async () => {
    const model = new OfflineCoachModel().bindTools(coachActionTools(['transition_phase']));
    const tokens: string[] = [];

    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await model.stream(gettingToKnow, { callbacks: [{ handleLLMNewToken: (token: string) => void tokens.push(token) }] })) chunks.push(chunk);
    const whole = chunks.reduce((joined, chunk) => joined.concat(chunk));
    const invoked = await model.invoke(gettingToKnow);

    expect(chunks.filter((chunk) => chunk.text).length).toBeGreaterThan(10);
    expect(chunks.filter((chunk) => chunk.tool_call_chunks?.length).length).toBe(2);
    expect(whole.text).toBe(invoked.text);
    expect(tokens.join('')).toBe(invoked.text);
    expect(whole.tool_calls).toEqual(invoked.tool_calls);
    expect(whole.tool_calls).toEqual([
      expect.objectContaining({ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION', reason: expect.any(String) }, id: expect.stringMatching(/^call_offline_/) }),
    ]);
  });

  it('should give the same reply, ids included, to the same conversation', async () => {
    const model = new OfflineCoachModel().bindTools(coachActionTools());
    const messages = [context('IDENTITY_CREATION'), new HumanMessage('I want more time in the garden and a tidy home')];

    const [first, second] = [await model.invoke(messages), await model.invoke(messages)];

    expect(second.text).toBe(first.text);
    expect(second.tool_calls).toEqual(first.tool_calls);
    expect(first.tool_calls?.[0]?.args).toEqual({ category: 'ENVIRONMENT', name: 'The Calm Home-Maker' });
  });

  describe('suggesting colleagues in INTEGRATION', () => {
    const integrating = (said: string) => [context('INTEGRATION'), new AIMessage('What is one moment this week where you could put it into practice?'), new HumanMessage(said)];

    it.each(['Who at work could help me with the database migration?', "I'd like to connect with a colleague who knows Kubernetes"])(
      'should call suggest_connection with the user\'s words when asked "%s"',
      async (said) => {
        const reply = await new OfflineCoachModel().bindTools(coachActionTools(['transition_phase', 'suggest_connection'])).invoke(integrating(said));

        expect(reply.text).toBe('Let me look for colleagues who could help with that.');
        expect(reply.tool_calls).toEqual([expect.objectContaining({ name: 'suggest_connection', args: { context: said } })]);
        expect(parseCoachActionCall(reply.tool_calls![0]!)).toEqual({ ok: true, action: { name: 'suggest_connection', args: { context: said } } });
      },
    );

    it('should give a tip and call nothing when suggest_connection is not bound', async () => {
      const reply = await new OfflineCoachModel().bindTools(coachActionTools(['transition_phase'])).invoke(integrating('Who at work could help me with the database migration?'));

      expect(reply.tool_calls).toEqual([]);
      expect(reply.text).toContain('affirmation aloud');
    });

    it('should not look for colleagues when the user only mentions one', async () => {
      const reply = await new OfflineCoachModel()
        .bindTools(coachActionTools(['transition_phase', 'suggest_connection']))
        .invoke(integrating('On Monday, when I talk to my colleague Anna about the roadmap.'));

      expect(reply.tool_calls).toEqual([]);
    });
  });

  it('should answer politely and call nothing when the prompt names no phase', async () => {
    const reply = await new OfflineCoachModel().bindTools(coachActionTools()).invoke([new SystemMessage('Summarise.'), new HumanMessage('Hello')]);

    expect(reply.text).toBe("Thank you for sharing. Tell me more about what's on your mind.");
    expect(reply.tool_calls).toEqual([]);
  });
});
