import type { NoteCategory } from '@tandem/contracts';

import type { NoteCandidate } from '../extraction/extraction';

/** A current note of the user, as reconciliation compares it with a candidate. */
export interface KnownNote {
  id: string;
  note: string;
  category: NoteCategory;
  subject: string | null;
  /** Cosine similarity of its embedding to the candidate's (1 = same direction). */
  similarity: number;
}

export type Reconciliation =
  /** A new fact. */
  | { action: 'ADD' }
  /** Already known (the same fact, or one with more detail). */
  | { action: 'NONE'; noteId: string }
  /** The same fact with more detail: the note takes the candidate's wording. */
  | { action: 'UPDATE'; noteId: string }
  /** A contradiction: the note becomes history, the candidate (inheriting its subject) the current fact. */
  | { action: 'SUPERSEDE'; noteId: string; subject: string | null };

/**
 * Above this, two notes without a subject say the same thing in other words. Tuned on the offline
 * embeddings ("Likes tea" / "Likes coffee" is 0.89 there): a lost fact is worse than a repeated one.
 */
export const SAME_FACT_SIMILARITY = 0.95;
/** Above this, a candidate holding every word of a note (and more) is that note refined. */
export const REFINED_FACT_SIMILARITY = 0.75;

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'in', 'at', 'to', 'for', 'and', 'or', 'with', 'on', 'as', 'is', 'are', 'has', 'have', 'their', 'they', 'them', 'who', 'named', 'that']);

/** Content words, lower-cased and crudely singular, so "Works at Acme" and "work at acme" compare equal. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  return new Set(words.filter((word) => !STOP_WORDS.has(word)).map((word) => word.replace(/(?:'s|s)$/, '')));
}

const isSubset = (small: Set<string>, large: Set<string>) => [...small].every((word) => large.has(word));

/**
 * What to do with a candidate fact, given the user's current notes (any order). Pure: the
 * caller applies the decision. Only notes of the candidate's category count. In order:
 * 1. NONE when a note already says it: every candidate word is in it, and it is about the same
 *    subject or close in meaning;
 * 2. SUPERSEDE the note holding the value a statement says is over ("moved from Acme");
 * 3. for a single-valued subject (employer, home, partner): UPDATE its note when the candidate
 *    only adds detail, SUPERSEDE it when the candidate says something else;
 * 4. UPDATE a note close in meaning whose every word the candidate repeats, with more;
 * 5. NONE for a near-identical paraphrase of a note without subject;
 * 6. otherwise ADD.
 */
export function reconcile(candidate: NoteCandidate, known: readonly KnownNote[]): Reconciliation {
  const words = contentWords(candidate.note);
  const notes = known.filter((note) => note.category === candidate.category).map((note) => ({ ...note, words: contentWords(note.note) }));
  const aboutSameSubject = (note: KnownNote) => candidate.subject !== null && note.subject === candidate.subject;

  const alreadyKnown = notes.find((note) => isSubset(words, note.words) && (aboutSameSubject(note) || note.similarity >= REFINED_FACT_SIMILARITY));
  if (alreadyKnown) return { action: 'NONE', noteId: alreadyKnown.id };

  if (candidate.replaces) {
    const ended = contentWords(candidate.replaces);
    const outdated = notes.find((note) => isSubset(ended, note.words));
    if (outdated) return { action: 'SUPERSEDE', noteId: outdated.id, subject: outdated.subject ?? candidate.subject };
  }

  const subjectNote = notes.find(aboutSameSubject);
  if (subjectNote) {
    return isSubset(subjectNote.words, words) ? { action: 'UPDATE', noteId: subjectNote.id } : { action: 'SUPERSEDE', noteId: subjectNote.id, subject: candidate.subject };
  }

  const refined = notes.find((note) => note.similarity >= REFINED_FACT_SIMILARITY && isSubset(note.words, words));
  if (refined) return { action: 'UPDATE', noteId: refined.id };

  const paraphrase = notes.find((note) => note.subject === null && candidate.subject === null && note.similarity >= SAME_FACT_SIMILARITY);
  if (paraphrase) return { action: 'NONE', noteId: paraphrase.id };
  return { action: 'ADD' };
}
