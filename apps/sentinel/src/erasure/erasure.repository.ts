import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Emotion } from '../emotions/emotion.entity';
import { Episode } from '../episodes/episode.entity';
import { MemorySettings } from '../settings/memory-settings.entity';
import { UserNote } from '../notes/note.entity';

/** Everything sentinel holds on one user, deleted in the caller's transaction. */
@Injectable()
export class ErasureRepository {
  /**
   * Deletes the user's notes (history too), episodes, emotions and memory settings, and the already-published
   * outbox rows that carried them (they held the user's words); returns how many rows there were.
   * A dedicated vector index of theirs is dropped by the memory sweeper (DROP INDEX would lock the table here).
   */
  async eraseUser(em: EntityManager, userId: string): Promise<number> {
    const notes = await em.nativeDelete(UserNote, { userId });
    const emotions = await em.nativeDelete(Emotion, { userId });
    const episodes = await em.nativeDelete(Episode, { userId });
    const settings = await em.nativeDelete(MemorySettings, { userId });
    await em.execute(`delete from "sentinel"."outbox" where "published_at" is not null and "envelope"->>'userId' = ?`, [userId], 'run');
    return notes + emotions + episodes + settings;
  }
}
