import { ApiProperty } from '@nestjs/swagger';

export class ServiceErasureDto {
  @ApiProperty({ example: 'coach-state' }) service!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) erasedRows!: number | null;
}

export class ErasureStatusDto {
  @ApiProperty({ format: 'uuid', description: 'Keep it: GET /v1/erasure-receipts/{receiptId} shows this record, without a token, after the account is gone' })
  receiptId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once every service confirmed; the account is then gone' })
  completedAt!: string | null;
  @ApiProperty({ type: [ServiceErasureDto] }) services!: ServiceErasureDto[];
}
