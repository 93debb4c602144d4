import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { AcceptIdentityNow, EditIdentity, GetIdentity, ListIdentities, type IdentityView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery, rejectQuery } from '@tandem/messaging';

import { IdentityError } from './identity.errors';
import { IdentityService } from './identity.service';

/**
 * Request/reply for the gateway. Every request names its user; another user's identity is a
 * 404, a refused move a 409. @Payload() is what makes Nest run AnswerQuery's request validation.
 */
@Controller()
export class IdentityQueriesController {
  constructor(private readonly identities: IdentityService) {}

  @AnswerQuery(ListIdentities)
  async list(@Payload() request: PayloadOf<typeof ListIdentities>): Promise<ResponseOf<typeof ListIdentities>> {
    return { items: await answer(this.identities.list(request)) };
  }

  @AnswerQuery(GetIdentity)
  get(@Payload() { userId, identityId }: PayloadOf<typeof GetIdentity>): Promise<IdentityView> {
    return answer(this.identities.get(userId, identityId));
  }

  @AnswerQuery(EditIdentity)
  edit(@Payload() { userId, identityId, ...changes }: PayloadOf<typeof EditIdentity>): Promise<IdentityView> {
    return answer(this.identities.editNow(userId, identityId, changes));
  }

  @AnswerQuery(AcceptIdentityNow)
  accept(@Payload() { userId, identityId }: PayloadOf<typeof AcceptIdentityNow>): Promise<IdentityView> {
    return answer(this.identities.acceptNow(userId, identityId));
  }
}

/** An IdentityError becomes a rejection with its status and message; anything else stays a 500. */
async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof IdentityError) throw rejectQuery(error.status, error.message);
    throw error;
  }
}
