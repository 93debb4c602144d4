import { Injectable } from '@nestjs/common';

import { AcceptIdentity, ArchiveIdentity, CompleteIdentityRefinement, ProposeIdentity, UpdateIdentity, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { IdentityService } from './identity.service';

/**
 * The durable commands identities owns. Each runs in its message's transaction; its outcome is
 * one identity event, or, when a rule refuses it (an IdentityError: unknown identity, another
 * user's, a backward move), command.rejected, which the consumer sends instead of retrying.
 */
@Injectable()
export class IdentityCommandsHandler {
  constructor(private readonly identities: IdentityService) {}

  @OnMessage(ProposeIdentity)
  async onPropose(command: PayloadOf<typeof ProposeIdentity>, context: HandlerContext): Promise<void> {
    await this.identities.propose(context, command, context.envelope.testScenarioId);
  }

  @OnMessage(UpdateIdentity)
  async onUpdate({ userId, identityId, ...changes }: PayloadOf<typeof UpdateIdentity>, context: HandlerContext): Promise<void> {
    await this.identities.update(context, userId, identityId, changes);
  }

  @OnMessage(AcceptIdentity)
  async onAccept({ userId, identityId }: PayloadOf<typeof AcceptIdentity>, context: HandlerContext): Promise<void> {
    await this.identities.accept(context, userId, identityId);
  }

  @OnMessage(CompleteIdentityRefinement)
  async onCompleteRefinement({ userId, identityId }: PayloadOf<typeof CompleteIdentityRefinement>, context: HandlerContext): Promise<void> {
    await this.identities.completeRefinement(context, userId, identityId);
  }

  @OnMessage(ArchiveIdentity)
  async onArchive({ userId, identityId }: PayloadOf<typeof ArchiveIdentity>, context: HandlerContext): Promise<void> {
    await this.identities.archive(context, userId, identityId);
  }
}
