import { readEmotion } from './emotion-lexicon';
import type { Extraction, Extractor, NoteCandidate } from './extraction';
import { statementsOf } from './first-person';
import { STATEMENT_PATTERNS } from './statement-patterns';

/** Facts from the first pattern each statement matches, without repeats. */
export function extractNotes(text: string): NoteCandidate[] {
  const found = new Map<string, NoteCandidate>();
  for (const statement of statementsOf(text)) {
    for (const { pattern, toNote } of STATEMENT_PATTERNS) {
      const match = statement.match(pattern);
      if (!match) continue;
      const candidate = toNote(match);
      if (!candidate) continue; // matched the words but not the meaning ("I'm a bit tired at work"): try the next
      if (!found.has(candidate.note.toLowerCase())) found.set(candidate.note.toLowerCase(), candidate);
      break;
    }
  }
  return [...found.values()];
}

/** The deterministic extractor: first-person statement patterns and an emotion lexicon; no model, no network. */
export class OfflineExtractor implements Extractor {
  async extract(text: string): Promise<Extraction> {
    return { notes: extractNotes(text), emotion: readEmotion(text) };
  }
}
