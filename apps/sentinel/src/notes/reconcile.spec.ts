import type { NoteCandidate } from '../extraction/extraction';
import { contentWords, reconcile, type KnownNote } from './reconcile';

const candidate = (overrides: Partial<NoteCandidate> = {}): NoteCandidate => ({
  note: 'Works at Acme',
  category: 'background',
  memoryClass: 'work',
  confidence: 0.9,
  subject: 'employer',
  replaces: null,
  ...overrides,
});
const known = (overrides: Partial<KnownNote> = {}): KnownNote => ({ id: 'n1', note: 'Works at Acme', category: 'background', subject: 'employer', similarity: 0.5, ...overrides });

describe(reconcile.name, () => {
  it('should ADD a fact when the user has no notes', () => {
    expect(reconcile(candidate(), [])).toEqual({ action: 'ADD' });
  });

  it('should do NONE when the same fact is stated again, in other letter case', () => {
    expect(reconcile(candidate({ note: 'works at ACME' }), [known()])).toEqual({ action: 'NONE', noteId: 'n1' });
  });

  it('should do NONE when a known note of the same subject already says more', () => {
    expect(reconcile(candidate(), [known({ note: 'Works as a designer at Acme' })])).toEqual({ action: 'NONE', noteId: 'n1' });
  });

  it('should UPDATE the note of the same subject when the candidate adds detail', () => {
    expect(reconcile(candidate({ note: 'Works as a designer at Acme' }), [known()])).toEqual({ action: 'UPDATE', noteId: 'n1' });
  });

  it('should SUPERSEDE the note of the same subject when the candidate contradicts it', () => {
    expect(reconcile(candidate({ note: 'Works at Globex' }), [known({ similarity: 0.42 })])).toEqual({ action: 'SUPERSEDE', noteId: 'n1', subject: 'employer' });
  });

  it('should SUPERSEDE the note holding the value a move ends, and give the new note its subject', () => {
    const moved = candidate({ note: 'Moved from Acme to Globex', subject: null, replaces: 'Acme' });
    expect(reconcile(moved, [known({ id: 'other', note: 'Lives in Lisbon', subject: 'home' }), known()])).toEqual({ action: 'SUPERSEDE', noteId: 'n1', subject: 'employer' });
  });

  it('should ADD a move when no note holds what it ends', () => {
    expect(reconcile(candidate({ note: 'Moved from Acme to Globex', subject: null, replaces: 'Acme' }), [known({ note: 'Lives in Lisbon', subject: 'home' })])).toEqual({ action: 'ADD' });
  });

  it('should UPDATE a close note without subject whose every word the candidate repeats', () => {
    const hiking = known({ note: 'Loves hiking', category: 'preference', subject: null, similarity: 0.89 });
    expect(reconcile(candidate({ note: 'Loves hiking in the mountains', category: 'preference', subject: null }), [hiking])).toEqual({ action: 'UPDATE', noteId: 'n1' });
  });

  it('should do NONE for a near-identical paraphrase, and ADD a merely similar fact', () => {
    const goal = known({ note: 'Wants to feel calmer when they lead their team', category: 'goal', subject: null, similarity: 0.96 });
    expect(reconcile(candidate({ note: 'Wants to be calmer when leading their team', category: 'goal', subject: null }), [goal])).toEqual({ action: 'NONE', noteId: 'n1' });
    expect(reconcile(candidate({ note: 'Likes coffee', category: 'preference', subject: null }), [known({ note: 'Likes tea', category: 'preference', subject: null, similarity: 0.89 })])).toEqual({
      action: 'ADD',
    });
  });

  it('should compare only notes of the candidate’s category', () => {
    expect(reconcile(candidate({ note: 'Works at Acme', category: 'goal', subject: null }), [known({ similarity: 1 })])).toEqual({ action: 'ADD' });
  });

  it('should keep two people of one kind apart by their names', () => {
    const mia = known({ note: 'Has a daughter named Mia', category: 'relationship', subject: 'daughter:mia', similarity: 0.9 });
    expect(reconcile(candidate({ note: 'Has a daughter named Zoe', category: 'relationship', subject: 'daughter:zoe' }), [mia])).toEqual({ action: 'ADD' });
    expect(reconcile(candidate({ note: 'Has a daughter named Mia, who is 7', category: 'relationship', subject: 'daughter:mia' }), [mia])).toEqual({ action: 'UPDATE', noteId: 'n1' });
  });

  it('should replace a partner’s name, a single-valued relation', () => {
    const sarah = known({ note: 'Has a wife named Sarah', category: 'relationship', subject: 'partner', similarity: 0.8 });
    expect(reconcile(candidate({ note: 'Has a husband named Sam', category: 'relationship', subject: 'partner' }), [sarah])).toEqual({ action: 'SUPERSEDE', noteId: 'n1', subject: 'partner' });
  });
});

describe(contentWords.name, () => {
  it('should drop stop words and plurals so phrasing does not matter', () => {
    expect(contentWords("Works at Acme's office")).toEqual(new Set(['work', 'acme', 'office']));
  });
});
