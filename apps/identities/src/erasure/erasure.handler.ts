import { Injectable } from '@nestjs/common';

import { UserDeleted, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { IdentityService } from '../identities/identity.service';

/** Erases a deleted user's identities and confirms with user.erased {service: 'identities'}. */
@Injectable()
export class ErasureHandler {
  constructor(private readonly identities: IdentityService) {}

  @OnMessage(UserDeleted)
  async onUserDeleted({ userId }: PayloadOf<typeof UserDeleted>, context: HandlerContext): Promise<void> {
    await this.identities.erase(context, userId);
  }
}
