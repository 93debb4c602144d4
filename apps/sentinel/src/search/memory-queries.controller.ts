import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { SearchMemory, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { MemorySearchService } from './memory-search.service';

/** Request/reply: search over notes and episodes (gateway `GET /v1/memory/search`). */
@Controller()
export class MemoryQueriesController {
  constructor(private readonly memory: MemorySearchService) {}

  @AnswerQuery(SearchMemory)
  async search(@Payload() request: PayloadOf<typeof SearchMemory>): Promise<ResponseOf<typeof SearchMemory>> {
    return { items: await this.memory.search(request) };
  }
}
