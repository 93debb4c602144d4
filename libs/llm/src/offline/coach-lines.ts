import { listOf } from './listening';

/**
 * What the offline coach says. Its questions double as its memory: the coach knows which step
 * of a phase it is in by which of these questions it asked last, so it needs no state of its own
 * and survives a conversation window that has lost older turns.
 */
export const GET_TO_KNOW_YOU_QUESTIONS = [
  'To start, what does a typical week look like for you, at work and outside it?',
  'Which part of your life would you most like to grow in right now?',
  'Imagine it is a year from now and things went really well: what has changed for you?',
] as const;

export const LINES = {
  greeting: (name?: string) => `Hi${name ? ` ${name}` : ''}, I'm your Tandem coach. I'd love to get to know you a little before we shape anything together.`,
  welcomeBack: (summary: string) => `Welcome back. Last time: ${summary}`,
  acknowledgements: ['Thank you for sharing that.', "That's really helpful.", 'I can hear what matters to you.'],
  /** The coach moved on to identity creation: its words after the picture of what matters, whatever that picture holds. */
  readyForIdentityMarker: "Next, let's shape an identity that captures who you want to become.",
  readyForIdentity: (heard: readonly string[]) =>
    `Thank you, I have a good picture of what matters to you${heard.length ? `: ${listOf(heard)}` : ''}. Next, let's shape an identity that captures who you want to become.`,
  fromYourNotes: (note: string) => `You told me before that ${note.replace(/^you told me: /, '')}.`,

  proposalQuestion: 'Does this identity feel like you?',
  proposal: (name: string, area: string) => `From what you've shared, I'd suggest the identity “${name}”, for your ${area}.`,
  anotherProposal: (name: string, area: string) => `No problem, let's try another: how about “${name}”, for your ${area}?`,
  clarifyProposal: (name: string | undefined) => `Just so I get it right about ${name ? `“${name}”` : 'the identity I suggested'}: a simple yes or no is perfect.`,
  accepted: (name: string | undefined) => `Wonderful: ${name ? `“${name}”` : 'your new identity'} is yours now. Let's bring it to life with an affirmation and a picture of it in action.`,

  affirmationQuestion: 'What is one sentence, in the present tense, that you can say to yourself to affirm this identity?',
  refineIntro: (name: string | undefined) => (name ? `Let's refine “${name}”.` : "Let's refine your new identity."),
  affirmationExample: 'For example: “I am someone who shows up with calm and care.”',
  visualizationQuestion: 'Now picture a moment in the coming week when you live this identity: what do you see yourself doing?',
  affirmationSaved: (affirmation: string) => `“${affirmation}”: that's a strong affirmation, and I've saved it.`,
  refinementComplete: "Beautiful. Your identity is complete: it has a name, an affirmation and a picture of it in action. Now let's weave it into your everyday life.",

  integrationQuestion: "What's one moment this week where you could put it into practice?",
  integrationTips: [
    'Start each morning by reading your affirmation aloud, then pick one small action this identity would take today.',
    'Tie your identity to a habit you already have: after your morning coffee, replay your visualization for one minute.',
    'At the end of each day, note one moment when you acted as this identity, and one where you would like to next time.',
    'Share your identity with someone you trust; saying it out loud makes it easier to live.',
  ],
  lookingForColleagues: 'Let me look for colleagues who could help with that.',
  finished: "Congratulations: you've completed your coaching journey. Your identity, affirmation and visualization are yours to keep.",

  completed: "You've completed the coaching journey. Come back to your affirmation and visualization whenever you need them; I'm here if you'd like to talk.",
  noPhase: "Thank you for sharing. Tell me more about what's on your mind.",
  tellMeMore: "Tell me more about what's on your mind.",
} as const;
