import { Inject, Injectable } from '@nestjs/common';

import { MEMORY_CLASSES, NoteDeleted, type MemoryClass } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import { RetentionRepository } from './retention.repository';

const BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Each memory class kept for its own time (SENTINEL_RETENTION_DAYS_*): older notes, episodes and
 * (for emotions) emotion readings are deleted, a batch per transaction, each deleted note announced
 * as sentinel.note.deleted. Safe on several replicas at once (SKIP LOCKED; deleting twice is nothing).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly bus: MessageBus,
    private readonly retention: RetentionRepository,
    @Inject(SENTINEL_CONFIG) private readonly config: SentinelConfig,
  ) {}

  retentionDays(memoryClass: MemoryClass): number {
    const days: Record<MemoryClass, number> = {
      health: this.config.SENTINEL_RETENTION_DAYS_HEALTH,
      emotions: this.config.SENTINEL_RETENTION_DAYS_EMOTIONS,
      relationships: this.config.SENTINEL_RETENTION_DAYS_RELATIONSHIPS,
      work: this.config.SENTINEL_RETENTION_DAYS_WORK,
      other: this.config.SENTINEL_RETENTION_DAYS_OTHER,
    };
    return days[memoryClass];
  }

  /** One full pass over every class; returns how many rows went. */
  async sweep(now = new Date()): Promise<number> {
    let deleted = 0;
    for (const memoryClass of MEMORY_CLASSES) {
      const cutoff = new Date(now.getTime() - this.retentionDays(memoryClass) * DAY_MS);
      for (;;) {
        const removed = await this.bus.transaction(async (tx) => {
          const notes = await this.retention.expireNotes(tx.em, memoryClass, cutoff, BATCH);
          for (const { id, userId } of notes) tx.emit(NoteDeleted, { userId, noteId: id }, { userId });
          const episodes = await this.retention.expireEpisodes(tx.em, memoryClass, cutoff, BATCH);
          const emotions = memoryClass === 'emotions' ? await this.retention.expireEmotions(tx.em, cutoff, BATCH) : 0;
          return notes.length + episodes + emotions;
        });
        deleted += removed;
        if (removed === 0) break;
      }
    }
    return deleted;
  }
}
