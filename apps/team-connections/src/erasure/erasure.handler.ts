import { Injectable } from '@nestjs/common';

import { UserDeleted, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ErasureService } from './erasure.service';

/** Erases a deleted user's profile and suggestions (both sides) and confirms with user.erased {service: 'team-connections'}. */
@Injectable()
export class ErasureHandler {
  constructor(private readonly erasure: ErasureService) {}

  @OnMessage(UserDeleted)
  async onUserDeleted({ userId }: PayloadOf<typeof UserDeleted>, context: HandlerContext): Promise<void> {
    await this.erasure.erase(context, userId);
  }
}
