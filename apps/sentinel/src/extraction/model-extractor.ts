import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { Logger } from '@nestjs/common';
import { z } from 'zod';

import { emotionValence, memoryClass, noteCategory } from '@tandem/contracts';

import type { Extraction, Extractor } from './extraction';
import { classifyMemory } from './memory-class';

/** What the model must answer; validated again here, whatever the provider's structured output did. */
export const extractionSchema = z.object({
  notes: z
    .array(
      z.object({
        note: z.string().trim().min(3).max(300).describe('One lasting fact about the user, third person, present tense: "Works as a nurse at St Mary\'s"'),
        category: noteCategory,
        memoryClass: memoryClass.optional().describe('health (conditions, care, sleep), emotions (feelings), relationships, work, or other'),
        confidence: z.number().min(0).max(1).describe('How explicitly the user stated it'),
        subject: z.string().max(60).nullable().describe("For single-valued facts, what it is about: 'employer', 'home', 'partner', 'manager'; else null"),
        replaces: z.string().max(100).nullable().describe('A value the user says is no longer true ("moved from Acme" -> "Acme"); else null'),
      }),
    )
    .max(10),
  emotion: z.object({ valence: emotionValence, intensity: z.number().int().min(1).max(10) }).nullable(),
});

const INSTRUCTIONS = `You keep a coach's long-term memory about a user. From the user's message, list the lasting facts, events, plans, people, places and dates the user tells about their life (background, goal, value, challenge, preference, relationship, wellbeing), each with its sensitivity class: no guesses, no passing moods. Then rate the emotion the message expresses, or null when it expresses none.`;

/**
 * Extraction by the configured chat model through LangChain's structured output. A failing or
 * invalid answer falls back to the offline extractor: a message must never lose its memory
 * because a model was down (the handler would otherwise retry, then dead-letter it).
 */
export class ModelExtractor implements Extractor {
  private readonly logger = new Logger(ModelExtractor.name);
  /** Made once: it converts the zod schema to JSON Schema, which cost more CPU than the call. */
  private readonly structured;

  constructor(
    model: BaseChatModel,
    private readonly fallback: Extractor,
  ) {
    this.structured = model.withStructuredOutput(extractionSchema, { name: 'record_memory' });
  }

  async extract(text: string): Promise<Extraction> {
    try {
      const answer = extractionSchema.parse(await this.structured.invoke([new SystemMessage(INSTRUCTIONS), new HumanMessage(text)]));
      return {
        notes: answer.notes.map((note) => ({ ...note, memoryClass: note.memoryClass ?? classifyMemory(note.note, note.category), subject: note.subject?.toLowerCase() ?? null })),
        emotion: answer.emotion,
      };
    } catch (error) {
      const why = error instanceof z.ZodError ? 'the answer broke the extraction schema' : (error as Error).message;
      this.logger.warn(`model extraction failed, using the offline extractor: ${why}`);
      return this.fallback.extract(text);
    }
  }
}
