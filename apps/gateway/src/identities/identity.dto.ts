import { CreateIdentityNow, EditIdentity, GetIdentity, IdentityHistory, ListIdentities } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// The identities contracts (libs/contracts) are the schemas: the caller's id comes from the token, an identity's from the path.
export class ListIdentitiesQueryDto extends RequestDto(ListIdentities.payload.omit({ userId: true })) {}
export class IdentityHistoryQueryDto extends RequestDto(IdentityHistory.payload.omit({ userId: true, identityId: true })) {}
export class GetIdentityQueryDto extends RequestDto(GetIdentity.payload.omit({ userId: true, identityId: true })) {}
export class CreateIdentityDto extends RequestDto(CreateIdentityNow.payload.omit({ userId: true })) {}
/** At least one field: the service refuses an empty edit with 400. */
export class EditIdentityDto extends RequestDto(EditIdentity.payload.omit({ userId: true, identityId: true })) {}

export class IdentityDto extends ResponseDto(GetIdentity.response) {}
export class IdentityListDto extends ResponseDto(ListIdentities.response) {}
export class IdentityHistoryDto extends ResponseDto(IdentityHistory.response) {}
