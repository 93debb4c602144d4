import { Injectable } from '@nestjs/common';

import {
  AcceptIdentity,
  ArchiveIdentity,
  CommandRejected,
  CompleteIdentityRefinement,
  ProposeIdentity,
  UpdateIdentity,
  type CommandContract,
  type PayloadOf,
} from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { IdentityError } from './identity.errors';
import { IdentityService } from './identity.service';

/**
 * The durable commands identities owns. Each runs in its message's transaction; its outcome is
 * one identity event, or command.rejected when a rule refuses it (unknown identity, another
 * user's, a backward move). A refusal is an answer, not a failure: it is not retried.
 */
@Injectable()
export class IdentityCommandsHandler {
  constructor(private readonly identities: IdentityService) {}

  @OnMessage(ProposeIdentity)
  onPropose(command: PayloadOf<typeof ProposeIdentity>, context: HandlerContext): Promise<void> {
    return settle(ProposeIdentity, command.userId, context, () => this.identities.propose(context, command, context.envelope.testScenarioId));
  }

  @OnMessage(UpdateIdentity)
  onUpdate({ userId, identityId, ...changes }: PayloadOf<typeof UpdateIdentity>, context: HandlerContext): Promise<void> {
    return settle(UpdateIdentity, userId, context, () => this.identities.update(context, userId, identityId, changes));
  }

  @OnMessage(AcceptIdentity)
  onAccept({ userId, identityId }: PayloadOf<typeof AcceptIdentity>, context: HandlerContext): Promise<void> {
    return settle(AcceptIdentity, userId, context, () => this.identities.accept(context, userId, identityId));
  }

  @OnMessage(CompleteIdentityRefinement)
  onCompleteRefinement({ userId, identityId }: PayloadOf<typeof CompleteIdentityRefinement>, context: HandlerContext): Promise<void> {
    return settle(CompleteIdentityRefinement, userId, context, () => this.identities.completeRefinement(context, userId, identityId));
  }

  @OnMessage(ArchiveIdentity)
  onArchive({ userId, identityId }: PayloadOf<typeof ArchiveIdentity>, context: HandlerContext): Promise<void> {
    return settle(ArchiveIdentity, userId, context, () => this.identities.archive(context, userId, identityId));
  }
}

/** Runs a command; a rule's refusal becomes command.rejected in the same transaction. */
async function settle(command: CommandContract, userId: string, context: HandlerContext, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    context.emit(CommandRejected, { userId, command: command.type, reason: error.message }, { userId });
  }
}
