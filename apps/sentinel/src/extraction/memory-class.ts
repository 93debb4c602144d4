import type { MemoryClass, NoteCategory } from '@tandem/contracts';

/** Words that make a text about the body or mind's health (lower case, matched as whole words or stems). */
const HEALTH =
  /\b(?:ill|illness|sick|sickness|disease|diagnos\w*|surgery|operation|therapy|therapist|physio\w*|medication|medicine|pills?|prescri\w*|pain|painful|injur\w*|knee|migraines?|headaches?|asthma|diabet\w*|cancer|chemo\w*|pregnan\w*|miscarriage|sleep\w*|insomnia|depress\w*|anxiety|panic attacks?|adhd|autis\w*|eating disorder|allerg\w*|blood pressure|heart attack|covid|flu|fever|infection|antibiotics|rehab\w*|disabilit\w*|mental health|burn(?:ed|t)? ?out)\b/i;
const EMOTION =
  /\b(?:feel|feels|feeling|feelings|felt|mood|emotion\w*|cry|crying|cried|tears|lonely|loneliness|guilt\w*|shame|ashamed|grief|griev\w*|heartbroken|scared|afraid|fear\w*|stressed|anxious|worried|nervous|overwhelmed|frustrated|angry|upset|sad|unhappy|miserable|hopeless|low|down day|happy|excited|thrilled|proud|grateful)\b/i;
const RELATIONSHIPS =
  /\b(?:wife|husband|partner|boyfriend|girlfriend|fianc\w*|married|marriage|wedding|divorc\w*|mum|mom|mother|dad|father|parents?|son|sons|daughters?|kids?|children|child|baby|twins?|brother|sister|siblings?|cousin|aunt|uncle|nan|grandm\w*|grandp\w*|grandfather|family|friends?|best friend|in-laws?|neighbou?r)\b/i;
const WORK =
  /\b(?:work\w*|job|jobs|career|employer|boss|manager|colleague\w*|co-?workers?|office|company|startup|team|promotion|promoted|salary|pay rise|raise|interview\w*|recruiter|hired|fired|laid off|layoffs?|clients?|customers?|meeting|deadline|project|head of department|department|school where i teach|teach\w*|postmortem|on call|shift)\b/i;

/**
 * The sensitivity class of a note or message: health first (the most sensitive wins), then
 * emotions (words naming a feeling, not every positive word: "I love hiking" is a taste),
 * relationships, work, other. Health means conditions and care, not the words of a job ("my wife
 * is a doctor" is about a relationship). Offline and deterministic; the model extractor asks the
 * model and falls back to this.
 */
export function classifyMemory(text: string, category?: NoteCategory): MemoryClass {
  if (HEALTH.test(text)) return 'health';
  // A goal, value or taste that names a feeling ("wants to feel calmer") is still a goal.
  if (category === 'wellbeing' || (!ASPIRATIONS.has(category) && EMOTION.test(text))) return 'emotions';
  if (category === 'relationship' || RELATIONSHIPS.test(text)) return 'relationships';
  if (WORK.test(text)) return 'work';
  return 'other';
}

const ASPIRATIONS: ReadonlySet<NoteCategory | undefined> = new Set(['goal', 'value', 'preference']);

/** Classes kept only with the user's consent. */
export const SENSITIVE_CLASSES: ReadonlySet<MemoryClass> = new Set(['health', 'emotions']);
