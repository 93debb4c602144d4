import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  AcceptIdentityNow,
  ArchiveIdentityNow,
  CreateIdentityNow,
  DeleteIdentityNow,
  EditIdentity,
  GetIdentity,
  IdentityHistory,
  IdentityHistoryV1,
  ListIdentities,
  ListIdentitiesV1,
  type IdentityView,
  type PayloadOf,
  type ResponseOf,
} from '@tandem/contracts';
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
  list(@Payload() request: PayloadOf<typeof ListIdentities>): Promise<ResponseOf<typeof ListIdentities>> {
    return this.identities.list(request);
  }

  /** Version 1's callers get every identity that matches, without a cursor. */
  @AnswerQuery(ListIdentitiesV1)
  async listV1(@Payload() request: PayloadOf<typeof ListIdentitiesV1>): Promise<ResponseOf<typeof ListIdentitiesV1>> {
    return { items: await this.identities.listAll(request) };
  }

  @AnswerQuery(GetIdentity)
  get(@Payload() { userId, identityId, asOf }: PayloadOf<typeof GetIdentity>): Promise<IdentityView> {
    return this.identities.get(userId, identityId, asOf);
  }

  @AnswerQuery(IdentityHistory)
  history(@Payload() { userId, identityId, cursor, limit }: PayloadOf<typeof IdentityHistory>): Promise<ResponseOf<typeof IdentityHistory>> {
    return this.identities.history(userId, identityId, { cursor, limit });
  }

  /** Version 1's callers get every version, without a cursor. */
  @AnswerQuery(IdentityHistoryV1)
  async historyV1(@Payload() { userId, identityId }: PayloadOf<typeof IdentityHistoryV1>): Promise<ResponseOf<typeof IdentityHistoryV1>> {
    return { items: (await this.identities.history(userId, identityId)).items };
  }

  @AnswerQuery(CreateIdentityNow)
  create(@Payload() request: PayloadOf<typeof CreateIdentityNow>): Promise<IdentityView> {
    return this.identities.createNow(request);
  }

  @AnswerQuery(ArchiveIdentityNow)
  archive(@Payload() { userId, identityId }: PayloadOf<typeof ArchiveIdentityNow>): Promise<IdentityView> {
    return this.identities.archiveNow(userId, identityId);
  }

  @AnswerQuery(DeleteIdentityNow)
  async delete(@Payload() { userId, identityId }: PayloadOf<typeof DeleteIdentityNow>): Promise<ResponseOf<typeof DeleteIdentityNow>> {
    await this.identities.deleteNow(userId, identityId);
    return { deleted: true };
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
