import { Injectable } from '@nestjs/common';

import { UserDeleted, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ErasureService } from './erasure.service';

/**
 * user.deleted: every note (history included) and emotion of the user goes. Chat erases all of
 * the user's messages on the same event, so no note outlives its source message.
 */
@Injectable()
export class ErasureHandler {
  constructor(private readonly erasure: ErasureService) {}

  @OnMessage(UserDeleted)
  async onUserDeleted({ userId }: PayloadOf<typeof UserDeleted>, context: HandlerContext): Promise<void> {
    await this.erasure.erase(context, userId);
  }
}
