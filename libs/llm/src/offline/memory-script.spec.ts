import type { CoachingPhase } from '@tandem/contracts';

import type { ContextItem } from '../coach/coach-context';
import { planCoachReply, type CoachTurn } from './coach-script';
import { asksWhatYouRemember, correctionOf, forgetRequest } from './memory-script';

const GUITAR = { id: '5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c', title: 'Plays the guitar' };
const SCHOOL = { id: '6d1f3c2b-9a4e-4b7f-8c8d-2e3f4a5b6c7d', title: 'Works at Hillside Academy' };
const KIDS = { id: '7e2a4d3c-0b5f-4c8a-9d9e-3f4a5b6c7d8e', title: 'Has two kids' };
const MEMORY_TOOLS = ['transition_phase', 'forget_note', 'correct_note'];

function session(notes: ContextItem[], tools = MEMORY_TOOLS, phase: CoachingPhase = 'INTEGRATION', name?: string) {
  const turns: CoachTurn[] = [];
  return (text: string) => {
    turns.push({ role: 'user', text, toolCalls: [] });
    const reply = planCoachReply({ context: { phase, notes, ...(name ? { name } : {}) }, turns, tools: new Set(tools) });
    turns.push({ role: 'coach', text: reply.text, toolCalls: reply.toolCalls });
    return reply;
  };
}

describe('memory the user controls, offline', () => {
  it('should tell a memory question, a forget request and a correction from ordinary talk', () => {
    expect(asksWhatYouRemember('What do you remember about me?')).toBe(true);
    expect(asksWhatYouRemember('What do you know about me so far?')).toBe(true);
    expect(asksWhatYouRemember('I remember my first guitar')).toBe(false);
    expect(forgetRequest('Please forget that I play the guitar')).toBe('i play the guitar');
    expect(forgetRequest('I forget my keys all the time')).toBeUndefined();
    expect(forgetRequest("Forget it, let's move on")).toBeUndefined();
    expect(forgetRequest('Remove distractions from my mornings, that is my plan.')).toBeUndefined();
    expect(forgetRequest('Can you delete the note about my job?')).toBe('about my job?');
    expect(correctionOf("That's not right, I work at Riverside School now")).toBe('I work at Riverside School now');
    expect(correctionOf('That is wrong.')).toBe('');
    expect(correctionOf('That was the right call')).toBeUndefined();
  });

  it('should list the notes it holds in plain words, with the name', () => {
    const reply = session([GUITAR, SCHOOL, KIDS], MEMORY_TOOLS, 'INTEGRATION', 'Sam')('What do you remember about me?');
    expect(reply.text).toContain('Here is what I remember about you, Sam: you play the guitar, you work at Hillside Academy and you have two kids.');
    expect(reply.toolCalls).toEqual([]);
    expect(session([])('What do you remember about me?').text).toContain("don't hold any notes about you yet");
  });

  it('should ask which note is meant, quoting the best match, and forget it only once the user says yes', () => {
    const say = session([GUITAR, SCHOOL, KIDS]);
    const asked = say('Forget that I play the guitar');
    expect(asked).toEqual({ text: 'Just to check: shall I forget “Plays the guitar”?', toolCalls: [] });
    expect(say('Yes please')).toEqual({ text: "Done: I've forgotten “Plays the guitar”.", toolCalls: [{ name: 'forget_note', args: { noteId: GUITAR.id } }] });
  });

  it('should keep the note when the user says no, and ask which one when the request names none', () => {
    const say = session([GUITAR, SCHOOL]);
    say('Please forget that');
    expect(say('the first one').text).toBe('Just to check: shall I forget “Plays the guitar”?');
    expect(say('No, keep it')).toEqual({ text: "All right, I'll keep it.", toolCalls: [] });
  });

  it('should correct the best-matching note with the user’s words, as a third-person fact like Sentinel’s notes', () => {
    const reply = session([GUITAR, SCHOOL, KIDS])("That's not right, I work at Riverside School now");
    expect(reply.toolCalls).toEqual([{ name: 'correct_note', args: { noteId: SCHOOL.id, content: 'Works at Riverside School now' } }]);
    expect(reply.text).toContain('“Works at Hillside Academy” to “Works at Riverside School now”');
  });

  it('should ask which note when a correction is unclear, then correct the one chosen', () => {
    const say = session([GUITAR, SCHOOL, KIDS]);
    const asked = say("That's not right, it's three now");
    expect(asked.toolCalls).toEqual([]);
    expect(asked.text).toContain('Which note is not right');
    expect(say('The one about the kids').toolCalls).toEqual([{ name: 'correct_note', args: { noteId: KIDS.id, content: "It's three now" } }]);
  });

  it('should not call a memory action that is not bound, and say where the user can do it', () => {
    const say = session([GUITAR], ['transition_phase']);
    expect(say('Forget that I play the guitar')).toEqual({ text: expect.stringContaining("can't forget notes from this conversation"), toolCalls: [] });
    expect(say("That's not right, I play the piano")).toEqual({ text: expect.stringContaining("can't change notes"), toolCalls: [] });
  });
});
