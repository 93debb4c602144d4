import { wantsColleagueHelp } from './user-intent';

describe(wantsColleagueHelp.name, () => {
  it.each([
    'Who at work could help me with the database migration?',
    "I'd like to connect with a colleague who knows Kubernetes",
    'Is there anyone on my team who knows Terraform?',
    'Can you suggest a coworker who has run a hiring round?',
    'I need someone in my company to help me with the budget',
    'Which colleagues could I ask about pricing?',
    'I’d love to talk to a teammate who knows our billing code',
  ])('should say yes when the user asks "%s"', (said) => {
    expect(wantsColleagueHelp(said)).toBe(true);
  });

  it.each([
    'My colleague Anna knows how to push my buttons.',
    'I helped a colleague with her slides today.',
    'On Monday, when I talk to my colleague about the roadmap.',
    'A colleague asked me for feedback.',
    "I'm done with work today.",
    'Could you help me with my affirmation?',
  ])('should say no when the user says "%s"', (said) => {
    expect(wantsColleagueHelp(said)).toBe(false);
  });
});
