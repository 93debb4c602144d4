import { Controller } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';

import { ListCoachActions, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery, decodeCursor, keysetCursor, pageOf } from '@tandem/messaging';

import { CoachActionRepository } from './coach-action.repository';

/** The actions the coach took for the user, for the gateway: newest first, by type when asked. */
@Controller()
export class ActionQueriesController {
  constructor(
    private readonly actions: CoachActionRepository,
    private readonly em: EntityManager,
  ) {}

  @AnswerQuery(ListCoachActions)
  async list(@Payload() { userId, type, status, cursor, limit }: PayloadOf<typeof ListCoachActions>): Promise<ResponseOf<typeof ListCoachActions>> {
    const rows = await this.actions.listAfter(this.em.fork(), { userId, type, status }, cursor ? decodeCursor(keysetCursor, cursor) : undefined, limit);
    return pageOf(rows, limit, (last) => ({ at: last.createdAt, id: last.id }));
  }
}
