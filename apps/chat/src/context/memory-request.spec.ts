import { isMemoryTalk } from './memory-request';

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
