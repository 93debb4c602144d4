import { summarizeConversationOffline, toThirdPerson } from './conversation-summary';

describe(toThirdPerson.name, () => {
  it('should turn the first person into the third', () => {
    expect(toThirdPerson("I teach maths and I'm tired of my commute; it wears me out")).toBe("they teach maths and they're tired of their commute; it wears them out");
  });
});

describe(summarizeConversationOffline.name, () => {
  const transcript = [
    { role: 'USER' as const, content: 'I teach maths at a secondary school and lately I have been dreading Mondays.' },
    { role: 'COACH' as const, content: 'What does a typical week look like for you?' },
    { role: 'USER' as const, content: 'I bring marking home every evening. My guitar has been untouched for a year.' },
    { role: 'COACH' as const, content: 'What would you like to change?' },
    { role: 'USER' as const, content: 'Honestly I feel guilty when I take time for myself. I want to play the guitar again on Sundays.' },
  ];

  it('should summarize in the third person, with the feelings named and the intention, not quote the user', () => {
    const summary = summarizeConversationOffline(transcript);

    expect(summary).toMatch(/^The user shared that /);
    expect(summary).toContain('they teach maths at a secondary school');
    expect(summary).toContain('Feelings they named: dread and guilt.');
    expect(summary).toContain('Looking ahead, they want to play the guitar again on Sundays.');
    expect(summary).toContain('(3 messages from the user.)');
    // Not the user's lines: no first person, no quotes.
    expect(summary).not.toMatch(/\bI\b|\bmy\b|"/);
  });

  it('should keep names as written and lower-case other first words', () => {
    const summary = summarizeConversationOffline([
      { role: 'USER', content: 'Sleep is my struggle these days.' },
      { role: 'USER', content: 'Ana is my sister and she lives with Tom in Leeds. Ana calls me every Sunday evening.' },
    ]);

    expect(summary).toContain('that sleep is their struggle these days');
    expect(summary).toContain('that Ana calls them every Sunday evening');
  });

  it('should say so when the user shared nothing, and skip questions', () => {
    expect(summarizeConversationOffline([])).toBe('The conversation ended before the user said anything.');
    expect(
      summarizeConversationOffline([
        { role: 'USER', content: 'Hi!' },
        { role: 'USER', content: 'What can you do?' },
      ]),
    ).toMatch(/without sharing anything specific/);
  });
});
