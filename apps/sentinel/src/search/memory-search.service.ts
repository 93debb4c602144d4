import { Inject, Injectable } from '@nestjs/common';

import type { EpisodeView, MemoryHit, PayloadOf, SearchMemory } from '@tandem/contracts';
import type { ModelEmbeddings } from '@tandem/llm';

import { EMBEDDINGS } from '../embeddings/embeddings.provider';
import { toNoteView } from '../notes/note.mapper';
import { MemorySearchRepository, type EpisodeFields } from './memory-search.repository';

export function toEpisodeView(episode: EpisodeFields): EpisodeView {
  return { id: episode.id, userId: episode.userId, conversationId: episode.conversationId, content: episode.content, saidAt: episode.saidAt.toISOString() };
}

/** Search over everything Sentinel remembers of a user: notes and the user's own messages. */
@Injectable()
export class MemorySearchService {
  constructor(
    private readonly searches: MemorySearchRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  async search({ userId, q, limit }: PayloadOf<typeof SearchMemory>): Promise<MemoryHit[]> {
    const vector = await this.embeddings.embedQuery(q);
    const found = await this.searches.search({ userId, q, vector, embeddingModel: this.embeddings.embeddingModelInfo.model, limit });
    return found.map((hit) =>
      hit.kind === 'note'
        ? { kind: 'note', note: toNoteView(hit.note), score: hit.score, distance: hit.distance }
        : { kind: 'episode', episode: toEpisodeView(hit.episode), score: hit.score, distance: hit.distance },
    );
  }
}
