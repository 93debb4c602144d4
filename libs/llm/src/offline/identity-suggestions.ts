import { IDENTITY_CATEGORIES, type IdentityCategory } from '@tandem/contracts';

export interface IdentitySuggestion {
  category: IdentityCategory;
  name: string;
}

interface CategoryVocabulary {
  /** How the coach names the area in a sentence ("for your ..."). */
  label: string;
  /** Two names, so a user who says no to the first hears another in the same area. */
  names: readonly [string, string];
  /** Words (lower case, singular) that point at the area. */
  words: readonly string[];
}

export const CATEGORY_VOCABULARY: Record<IdentityCategory, CategoryVocabulary> = {
  CAREER: {
    label: 'career',
    names: ['The Confident Leader', 'The Focused Professional'],
    words: [
      'career',
      'job',
      'work',
      'working',
      'boss',
      'promotion',
      'promoted',
      'colleague',
      'manager',
      'managing',
      'leader',
      'leadership',
      'lead',
      'team',
      'office',
      'business',
      'project',
      'client',
      'startup',
      'profession',
      'engineer',
      'developer',
      'meeting',
      'deadline',
      'company',
    ],
  },
  HEALTH: {
    label: 'health',
    names: ['The Energetic Athlete', 'The Mindful Self-Carer'],
    words: [
      'health',
      'healthy',
      'fitness',
      'fit',
      'exercise',
      'gym',
      'run',
      'running',
      'runner',
      'marathon',
      'sleep',
      'diet',
      'eat',
      'eating',
      'food',
      'weight',
      'energy',
      'body',
      'doctor',
      'yoga',
      'walk',
      'walking',
      'tired',
      'stress',
      'stressed',
      'sport',
      'swim',
      'swimming',
    ],
  },
  RELATIONSHIPS: {
    label: 'relationships',
    names: ['The Present Partner', 'The Loyal Friend'],
    words: [
      'relationship',
      'partner',
      'wife',
      'husband',
      'girlfriend',
      'boyfriend',
      'friend',
      'friendship',
      'dating',
      'date',
      'marriage',
      'married',
      'love',
      'social',
      'spouse',
      'connection',
      'lonely',
    ],
  },
  FAMILY: {
    label: 'family',
    names: ['The Devoted Parent', 'The Family Anchor'],
    words: ['family', 'daughter', 'son', 'kid', 'child', 'children', 'parent', 'parenting', 'mom', 'mum', 'dad', 'mother', 'father', 'baby', 'sister', 'brother', 'grandparent', 'grandchild'],
  },
  FINANCES: {
    label: 'finances',
    names: ['The Wise Steward', 'The Calm Saver'],
    words: [
      'money',
      'finance',
      'financial',
      'finances',
      'saving',
      'save',
      'savings',
      'budget',
      'debt',
      'invest',
      'investing',
      'investment',
      'salary',
      'income',
      'retirement',
      'mortgage',
      'spending',
      'spend',
      'afford',
      'bill',
    ],
  },
  PERSONAL_GROWTH: {
    label: 'personal growth',
    names: ['The Lifelong Learner', 'The Steady Grower'],
    words: [
      'learn',
      'learning',
      'grow',
      'growth',
      'read',
      'reading',
      'book',
      'course',
      'skill',
      'confidence',
      'confident',
      'habit',
      'discipline',
      'study',
      'studying',
      'mindset',
      'improve',
      'better',
      'procrastination',
      'procrastinate',
      'focus',
    ],
  },
  SPIRITUALITY: {
    label: 'spirituality',
    names: ['The Grounded Soul', 'The Grateful Seeker'],
    words: [
      'spiritual',
      'spirituality',
      'faith',
      'meditation',
      'meditate',
      'prayer',
      'pray',
      'church',
      'temple',
      'mosque',
      'god',
      'purpose',
      'meaning',
      'mindful',
      'mindfulness',
      'gratitude',
      'grateful',
      'soul',
      'peace',
    ],
  },
  RECREATION: {
    label: 'recreation',
    names: ['The Joyful Creator', 'The Playful Adventurer'],
    words: [
      'hobby',
      'hobbies',
      'fun',
      'play',
      'playing',
      'music',
      'guitar',
      'piano',
      'paint',
      'painting',
      'travel',
      'travelling',
      'traveling',
      'game',
      'gaming',
      'hike',
      'hiking',
      'photography',
      'art',
      'relax',
      'vacation',
      'holiday',
      'cook',
      'cooking',
      'dance',
      'dancing',
    ],
  },
  CONTRIBUTION: {
    label: 'contribution',
    names: ['The Generous Mentor', 'The Community Builder'],
    words: [
      'volunteer',
      'volunteering',
      'community',
      'help',
      'helping',
      'give',
      'giving',
      'charity',
      'mentor',
      'mentoring',
      'impact',
      'cause',
      'teach',
      'teaching',
      'donate',
      'serve',
      'neighbour',
      'neighbor',
    ],
  },
  ENVIRONMENT: {
    label: 'environment',
    names: ['The Calm Home-Maker', 'The Nature Keeper'],
    words: [
      'environment',
      'home',
      'house',
      'apartment',
      'flat',
      'room',
      'space',
      'garden',
      'gardening',
      'declutter',
      'clutter',
      'tidy',
      'organised',
      'organized',
      'nature',
      'clean',
      'city',
      'neighbourhood',
      'neighborhood',
      'planet',
      'climate',
      'desk',
    ],
  },
};

const WORD_TO_CATEGORY = new Map<string, IdentityCategory>(IDENTITY_CATEGORIES.flatMap((category) => CATEGORY_VOCABULARY[category].words.map((word) => [word, category] as const)));

function categoryOf(word: string): IdentityCategory | undefined {
  // A crude singular: "kids" -> "kid", "habits" -> "habit".
  return WORD_TO_CATEGORY.get(word) ?? (word.endsWith('s') ? WORD_TO_CATEGORY.get(word.slice(0, -1)) : undefined);
}

/**
 * Life areas ranked by how often the user's words point at them, later messages counting more
 * (the answer to "which part of your life..." outweighs small talk); ties keep the contracts' order.
 */
export function rankCategories(userTexts: readonly string[]): IdentityCategory[] {
  const scores = new Map<IdentityCategory, number>(IDENTITY_CATEGORIES.map((category) => [category, 0]));
  userTexts.forEach((text, position) => {
    for (const word of text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? []) {
      const category = categoryOf(word);
      if (category) scores.set(category, scores.get(category)! + position + 1);
    }
  });
  const ranked = [...IDENTITY_CATEGORIES].filter((category) => scores.get(category)! > 0);
  ranked.sort((a, b) => scores.get(b)! - scores.get(a)!);
  // With nothing to go on, personal growth fits anyone.
  const rest = IDENTITY_CATEGORIES.filter((category) => !ranked.includes(category));
  if (ranked.length === 0) return ['PERSONAL_GROWTH', ...rest.filter((category) => category !== 'PERSONAL_GROWTH')];
  return [...ranked, ...rest];
}

/**
 * Every suggestion in the order the coach offers them: both names of the best area first, then
 * the next area. Already offered names are skipped; after all of them, the list starts again.
 */
export function nextSuggestion(userTexts: readonly string[], alreadyOffered: ReadonlySet<string>): IdentitySuggestion {
  const all = rankCategories(userTexts).flatMap((category) => CATEGORY_VOCABULARY[category].names.map((name) => ({ category, name })));
  return all.find((suggestion) => !alreadyOffered.has(suggestion.name)) ?? all[0]!;
}

/** The suggestion whose name a coach message mentions, if any. */
export function suggestionIn(text: string): IdentitySuggestion | undefined {
  for (const category of IDENTITY_CATEGORIES) {
    const name = CATEGORY_VOCABULARY[category].names.find((candidate) => text.includes(candidate));
    if (name) return { category, name };
  }
  return undefined;
}
