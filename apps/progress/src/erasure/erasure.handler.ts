import { Injectable } from '@nestjs/common';

import { UserDeleted, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ProgressService } from '../progress/progress.service';

/** Erases a deleted user's goals, commitments, reminders, energy and settings; confirms with user.erased {service: 'progress'}. */
@Injectable()
export class ErasureHandler {
  constructor(private readonly progress: ProgressService) {}

  @OnMessage(UserDeleted)
  async onUserDeleted({ userId }: PayloadOf<typeof UserDeleted>, context: HandlerContext): Promise<void> {
    await this.progress.erase(context, userId);
  }
}
