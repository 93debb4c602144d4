import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tandem:public';

/** A route anyone may call without a token (health, login). Every other route needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
