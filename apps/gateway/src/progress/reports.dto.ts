import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

import { INSIGHT_KINDS, REPORT_TYPES, type ReportType } from '@tandem/contracts';

/** POST /v1/reports: write a report of this type now. */
export class GenerateReportDto {
  @ApiProperty({ enum: REPORT_TYPES, description: '2-, 7- or 21-day report' })
  @IsDefined({ message: 'type must be one of TWO_DAY, SEVEN_DAY, TWENTY_ONE_DAY' })
  @IsIn(REPORT_TYPES, { message: 'type must be one of TWO_DAY, SEVEN_DAY, TWENTY_ONE_DAY' })
  type!: ReportType;
}

export class ListReportsQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES, { message: 'type must be one of TWO_DAY, SEVEN_DAY, TWENTY_ONE_DAY' })
  type?: ReportType;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: REPORT_TYPES }) type!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'ON_DEMAND'] }) trigger!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ description: 'Written by the model from the payload' }) summary!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReportDto extends ReportSummaryDto {
  @ApiProperty({
    description:
      'days, timeZone, commitments {made, due, completed, skipped, missed, rate, items}, energy {entries, average, firstHalfAverage, secondHalfAverage, trend, inferredEntries}, goals, identities',
  })
  payload!: Record<string, unknown>;
}

export class ReportListDto {
  @ApiProperty({ type: [ReportSummaryDto] }) items!: ReportSummaryDto[];
}

export class InsightDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: INSIGHT_KINDS }) kind!: string;
  @ApiProperty({ description: 'The pattern in words, with its figures' }) statement!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ description: 'occurrenceIds, energyIds, figures' }) evidence!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) firstFoundAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class InsightListDto {
  @ApiProperty({ type: [InsightDto] }) items!: InsightDto[];
}
