import { GetCoachState } from '@tandem/contracts';

import { ResponseDto } from '../http/zod-dto';

export class CoachStateDto extends ResponseDto(GetCoachState.response) {}
