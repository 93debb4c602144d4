import type { EmotionValence, MemoryClass, NoteCategory } from '@tandem/contracts';

/** A fact a message seems to state, before reconciliation decides what to do with it. */
export interface NoteCandidate {
  /** Third person, one fact: "Works as a designer at Acme". */
  note: string;
  category: NoteCategory;
  /** Sensitivity: health and emotions are kept only with the user's consent. */
  memoryClass: MemoryClass;
  confidence: number;
  /**
   * The single-valued thing the fact is about ('employer', 'home', 'partner', 'daughter:mia'),
   * so a new value supersedes the old one; null for facts that simply accumulate (likes, goals).
   */
  subject: string | null;
  /** A value the statement says is no longer true ("moved from Acme"): the note holding it is superseded. */
  replaces: string | null;
}

/** The mood one message expresses. */
export interface EmotionReading {
  valence: EmotionValence;
  /** 1 (barely) to 10 (overwhelming). */
  intensity: number;
}

export interface Extraction {
  notes: NoteCandidate[];
  emotion: EmotionReading | null;
}

/** Reads facts and mood from what a user wrote. Offline by default; model-backed when a real model is configured. */
export interface Extractor {
  extract(text: string): Promise<Extraction>;
}

export const EXTRACTOR = Symbol('SENTINEL_EXTRACTOR');
