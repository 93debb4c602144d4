import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Public } from '../auth/auth.decorators';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ErasureService } from './erasure.service';
import { ErasureStatusDto } from './me.dto';

/**
 * An erasure's receipt, readable without a token: once the account is gone, its receipt id is
 * the person's proof of what was erased, where and when. It holds no personal data, and the id
 * is a random UUID only its owner was given.
 */
@ApiTags('me')
@Controller('erasure-receipts')
export class ErasureReceiptsController {
  constructor(private readonly erasure: ErasureService) {}

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'The record of an erasure, by the receipt id DELETE /v1/me gave' })
  @ApiOkResponse({ type: ErasureStatusDto })
  @ApiNotFoundResponse({ description: 'No erasure has this receipt' })
  receipt(@Param('id', new UuidParamPipe()) id: string): Promise<ErasureStatusDto> {
    return this.erasure.receipt(id);
  }
}
