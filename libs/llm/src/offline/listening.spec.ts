import { planCoachReply, type CoachTurn } from './coach-script';
import { asThirdPersonFact, bestNote, gist, noteInPlainWords, reflect, reflection } from './listening';

const NOTES = [
  { id: '5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c', title: 'Plays the guitar' },
  { id: '6d1f3c2b-9a4e-4b7f-8c8d-2e3f4a5b6c7d', title: 'Works at Hillside Academy' },
];

describe('listening', () => {
  it('should turn the user’s I and my into you and your, and leave the rest as said', () => {
    expect(reflect('I was tired and my week was long, I am done')).toBe('you were tired and your week was long, you are done');
  });

  it('should say back roles, struggles and feelings in the user’s words, and nothing for small talk', () => {
    expect(reflection('I teach maths at a secondary school and lately I have been dreading Mondays')).toBe(
      'I hear that you teach maths at a secondary school, and that lately you have been dreading Mondays. That sounds like a lot to carry.',
    );
    expect(reflection('My daughter Mia starts school in September.')).toContain('your daughter Mia starts school in September');
    expect(reflection('Thanks, what else?')).toBe('');
    expect(reflection('What kind of identity would fit me?')).toBe('');
    expect(reflection('I am a nurse. What would fit me?')).toBe('I hear that you are a nurse.');
    expect(reflection('Hi')).toBe('');
  });

  it('should keep the heaviest part of each message for the picture of what matters', () => {
    expect(gist(['I teach maths at a secondary school', 'Thanks!', 'My guitar has been untouched for a year.'])).toEqual([
      'you teach maths at a secondary school',
      'your guitar has been untouched for a year',
    ]);
  });

  it('should put Sentinel’s notes in plain words addressed to the user', () => {
    expect(noteInPlainWords('Works at Acme')).toBe('you work at Acme');
    expect(noteInPlainWords('Has two kids')).toBe('you have two kids');
    expect(noteInPlainWords('Studies French')).toBe('you study French');
    expect(noteInPlainWords('I love climbing')).toBe('you love climbing');
  });

  it('should write a correction as a third-person fact', () => {
    expect(asThirdPersonFact('I work at Riverside School now.')).toBe('Works at Riverside School now');
    expect(asThirdPersonFact("I'm a nurse at the city hospital")).toBe('Is a nurse at the city hospital');
    expect(asThirdPersonFact('Actually, I have three kids, not two')).toBe('Has three kids, not two');
    expect(asThirdPersonFact('I study French with my sister')).toBe('Studies French with their sister');
  });

  it('should match a note by its words, and say when two match as well', () => {
    expect(bestNote('I play piano now, not the guitar', NOTES)).toEqual({ kind: 'one', note: NOTES[0] });
    expect(bestNote('the weather', NOTES)).toEqual({ kind: 'none' });
    expect(bestNote('guitar at the academy', NOTES)).toEqual({ kind: 'ambiguous', candidates: NOTES });
  });
});

describe('the offline coach listening (issue 15’s new user)', () => {
  const say = (turns: CoachTurn[], text: string, context = {}) => {
    turns.push({ role: 'user', text, toolCalls: [] });
    const reply = planCoachReply({ context: { phase: 'GET_TO_KNOW_YOU', ...context }, turns, tools: new Set(['transition_phase']) });
    turns.push({ role: 'coach', text: reply.text, toolCalls: reply.toolCalls });
    return reply;
  };

  it('should answer each message with what it heard, and move on naming what the user said', () => {
    const turns: CoachTurn[] = [];
    const first = say(turns, 'I teach maths at a secondary school and lately I have been dreading Mondays', { name: 'Sam' });
    expect(first.text).toMatch(/^Hi Sam, /);
    expect(first.text).toContain('you teach maths at a secondary school');
    expect(first.text).toContain('dreading Mondays');
    expect(first.text).toContain('what does a typical week look like');

    expect(say(turns, 'I bring work home every evening, marking until ten.').text).toContain('you bring work home every evening');
    expect(say(turns, 'My guitar has been untouched for a year.').text).toContain('your guitar has been untouched for a year');
    const last = say(turns, 'I feel guilty whenever I take time for myself.');
    expect(last.toolCalls).toEqual([{ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION', reason: expect.any(String) } }]);
    for (const words of ['work home every evening', 'guitar has been untouched', 'guilty whenever you take time for yourself']) expect(last.text).toContain(words);
  });

  it('should bring up a note it holds when the user talks about the same thing, once', () => {
    const turns: CoachTurn[] = [];
    say(turns, 'Hello');
    expect(say(turns, 'I miss playing music in the evenings.', { notes: NOTES }).text).toContain('You told me before that you play the guitar.');
    expect(say(turns, 'Playing was my way to relax.', { notes: NOTES }).text).not.toContain('You told me before');
  });

  it('should go on with its questions after a turn about what it remembers', () => {
    const turns: CoachTurn[] = [];
    say(turns, 'I work as a nurse on night shifts.', { notes: NOTES });
    expect(say(turns, 'What do you remember about me?', { notes: NOTES }).text).toContain('you play the guitar');
    expect(say(turns, 'Nights leave me exhausted and my kids barely see me.', { notes: NOTES }).text).toContain('Which part of your life would you most like to grow in');
  });

  it('should say back what the progress step did not already answer, and vary its words of empathy', () => {
    const turns: CoachTurn[] = [{ role: 'user', text: 'My energy is 4 out of 10, the inspection week was brutal.', toolCalls: [] }];
    const reply = planCoachReply({ context: { phase: 'INTEGRATION' }, turns, tools: new Set(['log_energy']) });
    expect(reply.toolCalls).toEqual([{ name: 'log_energy', args: { level: 4, note: expect.any(String) } }]);
    expect(reply.text).toContain("I've noted your energy at 4 out of 10");
    expect(reply.text).toContain('I hear that the inspection week was brutal.');
    expect(reply.text).not.toContain('I hear that your energy');
    expect(reflection('I feel stuck at work.', 0)).not.toEqual(reflection('I feel stuck at work.', 1));
    expect(reflection('My head of department keeps adding duties and I feel stuck.')).toContain('your head of department keeps adding duties, and that you feel stuck');
  });

  it('should greet a returning user with their last conversation', () => {
    const turns: CoachTurn[] = [];
    expect(say(turns, 'Hi again', { earlierConversations: ['Talked about dreading Mondays.'] }).text).toMatch(/^Welcome back\. Last time: Talked about dreading Mondays\./);
  });
});
