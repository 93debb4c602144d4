import { isCoachMemoryTalk, isMemoryTalk } from './memory-request';

describe(isMemoryTalk.name, () => {
  it.each([
    'What do you remember about me?',
    'what do you know about me',
    'What have you learned about me so far?',
    'Please forget that I have a sister.',
    'Can you delete the note about my job?',
    "That's not right, I work at the hospital now.",
    'That is wrong: I moved to Leeds.',
    'Show me your notes',
  ])('should hear memory talk in %j', (message) => {
    expect(isMemoryTalk(message)).toBe(true);
  });

  it.each(['I teach maths at a secondary school', 'I forgot my keys again today', 'Right now I feel tired', 'I know what I want to do next'])('should not in %j', (message) => {
    expect(isMemoryTalk(message)).toBe(false);
  });
});

describe(isCoachMemoryTalk.name, () => {
  it.each(['Here is what I remember about you: you teach maths.', 'Shall I forget the note "Has a sister named Ana"?', 'Do you want me to correct that note?'])(
    'should hear the coach talking about memory in %j',
    (message) => {
      expect(isCoachMemoryTalk(message)).toBe(true);
    },
  );

  it('should not in an ordinary question', () => {
    expect(isCoachMemoryTalk('What does a typical week look like for you?')).toBe(false);
  });
});
