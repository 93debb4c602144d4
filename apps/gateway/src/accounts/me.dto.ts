import { z } from 'zod';

import { ResponseDto } from '../http/zod-dto';

const erasureStatus = z.object({
  receiptId: z.uuid().meta({ description: 'Keep it: GET /v1/erasure-receipts/{receiptId} shows this record, without a token, after the account is gone' }),
  requestedAt: z.iso.datetime({ offset: true }),
  completedAt: z.iso.datetime({ offset: true }).nullable().meta({ description: 'Set once every service confirmed; the account is then gone' }),
  services: z.array(z.object({ service: z.string().meta({ example: 'coach-state' }), confirmedAt: z.iso.datetime({ offset: true }).nullable(), erasedRows: z.number().int().nullable() })),
});

export class ErasureStatusDto extends ResponseDto(erasureStatus) {}
