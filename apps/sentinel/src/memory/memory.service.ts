import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { EmotionRecorded, NoteAdded, NoteSuperseded, NoteUpdated, type ChatMessageView, type MemoryClass } from '@tandem/contracts';
import type { ModelEmbeddings } from '@tandem/llm';
import type { Transaction } from '@tandem/messaging';

import { EMBEDDINGS } from '../embeddings/embeddings.provider';
import { toEmotionView } from '../emotions/emotion.mapper';
import { EmotionRepository } from '../emotions/emotion.repository';
import { EpisodeRepository, type NewEpisode } from '../episodes/episode.repository';
import { EXTRACTOR, type EmotionReading, type Extractor, type NoteCandidate } from '../extraction/extraction';
import { classifyMemory } from '../extraction/memory-class';
import { toNoteView } from '../notes/note.mapper';
import { NoteRepository } from '../notes/note.repository';
import { reconcile } from '../notes/reconcile';
import { MemorySettingsRepository, type Consents } from '../settings/memory-settings.repository';

/** Where a fact was learned: the user's message, and the test scenario it belongs to. */
interface Source {
  message: ChatMessageView;
  testScenarioId: string | null;
}

/** What the model read in a message: facts with their embeddings, the mood, and the message's own embedding (its episode). */
export interface Reading {
  notes: Array<{ candidate: NoteCandidate; embedding: number[] }>;
  emotion: EmotionReading | null;
  episode: { embedding: number[] } | null;
}

/**
 * Learns from what a user writes in two steps: `read` asks the models (extraction, embeddings)
 * holding no connection; `remember` reconciles each fact with what is already known and
 * announces every change, in the message's one short transaction.
 */
@Injectable()
export class MemoryService {
  constructor(
    @Inject(EXTRACTOR) private readonly extractor: Extractor,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
    private readonly notes: NoteRepository,
    private readonly emotions: EmotionRepository,
    private readonly episodes: EpisodeRepository,
    private readonly settings: MemorySettingsRepository,
  ) {}

  /** Coach messages teach nothing about the user: only USER messages are read. */
  async read(message: ChatMessageView): Promise<Reading> {
    if (message.role !== 'USER') return { notes: [], emotion: null, episode: null };
    const { notes, emotion } = await this.extractor.extract(message.content);
    // One call: the message itself (its episode), then each fact.
    const [said, ...vectors] = await this.embeddings.embedDocuments([message.content, ...notes.map((candidate) => candidate.note)]);
    return { notes: notes.map((candidate, index) => ({ candidate, embedding: vectors[index]! })), emotion, episode: { embedding: said! } };
  }

  /**
   * Health and emotion memories only with the user's consent (docs/sentinel.md#sensitive-memory):
   * without it, such notes are not stored, the message is not kept as an episode when it is itself
   * about health or feelings, and no emotion reading is recorded.
   */
  async remember(tx: Transaction, { notes, emotion, episode }: Reading, source: Source): Promise<void> {
    const episodeClass = classifyMemory(source.message.content);
    // The episode is written with the consents' read, in one statement, under the same rule.
    const consents = await this.settings.consentsOf(
      tx.em,
      source.message.userId,
      episode ? (consent) => this.episodes.insert(this.episodeOf(episode.embedding, episodeClass, source), consentFor(episodeClass, consent, 'true')) : undefined,
    );
    if (emotion && consents.keepEmotions) await this.recordEmotion(tx, emotion, source);
    // One after another: each candidate is reconciled with what the previous ones changed.
    for (const { candidate, embedding } of notes) if (consentFor(candidate.memoryClass, consents, true)) await this.learn(tx, candidate, embedding, source);
  }

  private async learn(tx: Transaction, candidate: NoteCandidate, embedding: number[], { message, testScenarioId }: Source): Promise<void> {
    const { model, dimensions } = this.embeddings.embeddingModelInfo;
    const known = await this.notes.currentNeighbours(tx.em, message.userId, candidate.category, embedding, model);
    const decision = reconcile(candidate, known);
    if (decision.action === 'NONE') return;

    const statedAt = new Date(message.createdAt);
    const learned = {
      note: candidate.note,
      memoryClass: candidate.memoryClass,
      confidence: candidate.confidence,
      sourceMessageId: message.id,
      embedding,
      embeddingModel: model,
      embeddingDimensions: dimensions,
    };
    const meta = { userId: message.userId };
    if (decision.action === 'UPDATE') {
      const note = (await this.notes.findOwnedForUpdate(tx.em, message.userId, decision.noteId))!;
      await this.notes.update(tx.em, note, { ...learned, confidence: Math.max(note.confidence, candidate.confidence), subject: note.subject ?? candidate.subject });
      tx.emit(NoteUpdated, { note: toNoteView(note), changedBy: 'SENTINEL' }, meta);
      return;
    }

    const subject = decision.action === 'SUPERSEDE' ? decision.subject : candidate.subject;
    const added = await this.notes.create(tx.em, { id: randomUUID(), userId: message.userId, category: candidate.category, subject, validFrom: statedAt, testScenarioId, ...learned });
    if (decision.action === 'ADD') {
      tx.emit(NoteAdded, { note: toNoteView(added) }, meta);
      return;
    }
    const outdated = (await this.notes.findOwnedForUpdate(tx.em, message.userId, decision.noteId))!;
    const validTo = outdated.validFrom > statedAt ? outdated.validFrom : statedAt;
    await this.notes.update(tx.em, outdated, { validTo, supersededBy: added.id });
    tx.emit(NoteSuperseded, { note: toNoteView(added), superseded: toNoteView(outdated) }, meta);
  }

  /** The message as said, for search beside the notes: a question answered months later may need its exact words. */
  private episodeOf(embedding: number[], memoryClass: MemoryClass, { message, testScenarioId }: Source): NewEpisode {
    const { model, dimensions } = this.embeddings.embeddingModelInfo;
    return {
      id: message.id,
      userId: message.userId,
      conversationId: message.conversationId,
      content: message.content,
      memoryClass,
      saidAt: new Date(message.createdAt),
      embedding,
      embeddingModel: model,
      embeddingDimensions: dimensions,
      testScenarioId,
    };
  }

  private async recordEmotion(tx: Transaction, { valence, intensity }: EmotionReading, { message, testScenarioId }: Source): Promise<void> {
    const emotion = await this.emotions.create(tx.em, {
      id: randomUUID(),
      userId: message.userId,
      messageId: message.id,
      conversationId: message.conversationId,
      valence,
      intensity,
      createdAt: new Date(message.createdAt),
      testScenarioId,
    });
    tx.emit(EmotionRecorded, { emotion: toEmotionView(emotion) }, { userId: message.userId });
  }
}

/**
 * The consent a memory of this class is kept under: health and emotions each their own, any other
 * class none (`always`). The same rule for the consents read and for the SQL that reads them.
 */
function consentFor<T>(memoryClass: MemoryClass, consents: Record<keyof Consents, T>, always: T): T {
  return memoryClass === 'health' ? consents.keepHealth : memoryClass === 'emotions' ? consents.keepEmotions : always;
}
