import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { SearchMemory, SearchMemoryV1, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery, offsetAfter, offsetPageOf } from '@tandem/messaging';

import { MemorySearchService } from './memory-search.service';

/** Request/reply: search over notes and episodes (gateway `GET /v1/memory/search`). */
@Controller()
export class MemoryQueriesController {
  constructor(private readonly memory: MemorySearchService) {}

  @AnswerQuery(SearchMemory)
  async search(@Payload() { cursor, limit, ...request }: PayloadOf<typeof SearchMemory>): Promise<ResponseOf<typeof SearchMemory>> {
    const offset = offsetAfter(cursor);
    const ranked = await this.memory.search({ ...request, limit: offset + limit + 1 });
    return offsetPageOf(ranked.slice(offset), offset, limit);
  }

  @AnswerQuery(SearchMemoryV1)
  async searchV1(@Payload() request: PayloadOf<typeof SearchMemoryV1>): Promise<ResponseOf<typeof SearchMemoryV1>> {
    return { items: await this.memory.search(request) };
  }
}
