import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { AcceptIdentityNow, EditIdentity, GetIdentity, ListIdentities, type IdentityView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { IdentityService } from './identity.service';

/**
 * Request/reply for the gateway. Every request names its user; another user's identity is a
 * 404, a refused move a 409 (IdentityError's status). @Payload() is what makes Nest run
 * AnswerQuery's request validation.
 */
@Controller()
export class IdentityQueriesController {
  constructor(private readonly identities: IdentityService) {}

  @AnswerQuery(ListIdentities)
  async list(@Payload() request: PayloadOf<typeof ListIdentities>): Promise<ResponseOf<typeof ListIdentities>> {
    return { items: await this.identities.list(request) };
  }

  @AnswerQuery(GetIdentity)
  get(@Payload() { userId, identityId }: PayloadOf<typeof GetIdentity>): Promise<IdentityView> {
    return this.identities.get(userId, identityId);
  }

  @AnswerQuery(EditIdentity)
  edit(@Payload() { userId, identityId, ...changes }: PayloadOf<typeof EditIdentity>): Promise<IdentityView> {
    return this.identities.editNow(userId, identityId, changes);
  }

  @AnswerQuery(AcceptIdentityNow)
  accept(@Payload() { userId, identityId }: PayloadOf<typeof AcceptIdentityNow>): Promise<IdentityView> {
    return this.identities.acceptNow(userId, identityId);
  }
}
