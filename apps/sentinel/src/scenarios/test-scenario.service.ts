import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { NoteAdded, type PayloadOf, type TestScenarioLoaded, type TestScenarioReset } from '@tandem/contracts';
import type { ModelEmbeddings } from '@tandem/llm';
import type { TestScenarioPart, Transaction } from '@tandem/messaging';

import { EMBEDDINGS } from '../embeddings/embeddings.provider';
import { classifyMemory } from '../extraction/memory-class';
import { Emotion } from '../emotions/emotion.entity';
import { Episode } from '../episodes/episode.entity';
import { UserNote } from '../notes/note.entity';
import { toNoteView } from '../notes/note.mapper';
import { NoteRepository } from '../notes/note.repository';
import { MemorySettings } from '../settings/memory-settings.entity';

/**
 * sentinel's part of a test scenario: the template's notes, embedded and announced as any new
 * note is (note.added), held with full confidence (stated, not inferred) and tagged with the scenario.
 */
@Injectable()
export class SentinelScenarios implements TestScenarioPart {
  constructor(
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
    private readonly notes: NoteRepository,
  ) {}

  async apply(tx: Transaction, { userId, scenarioId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    const wanted = template.notes ?? [];
    if (!wanted.length) return 0;
    const vectors = await this.embeddings.embedDocuments(wanted.map(({ note }) => note));
    const { model, dimensions } = this.embeddings.embeddingModelInfo;
    for (const [index, { note, category }] of wanted.entries()) {
      const added = await this.notes.create(tx.em, {
        id: randomUUID(),
        userId,
        note,
        category,
        memoryClass: classifyMemory(note, category),
        subject: null,
        confidence: 1,
        sourceMessageId: null,
        validFrom: new Date(),
        embedding: vectors[index]!,
        embeddingModel: model,
        embeddingDimensions: dimensions,
        testScenarioId: scenarioId,
      });
      tx.emit(NoteAdded, { note: toNoteView(added) }, { userId });
    }
    return wanted.length;
  }

  /** Deletes exactly the notes (history too), episodes, emotions and memory settings tagged with the scenario. */
  async clear(tx: Transaction, { scenarioId }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    const notes = await tx.em.nativeDelete(UserNote, { testScenarioId: scenarioId });
    const emotions = await tx.em.nativeDelete(Emotion, { testScenarioId: scenarioId });
    const episodes = await tx.em.nativeDelete(Episode, { testScenarioId: scenarioId });
    const settings = await tx.em.nativeDelete(MemorySettings, { testScenarioId: scenarioId });
    return notes + emotions + episodes + settings;
  }
}
