import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

import { ACTION_STATUSES, COACH_ACTION_TYPES, STARTABLE_SESSION_TYPES } from '@tandem/contracts';

import { CoachActionDto } from './chat.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StartConversationDto {
  @ApiPropertyOptional({ enum: STARTABLE_SESSION_TYPES, default: 'GENERAL', description: 'Document 003: a general session, growth planning, team connection, or a check-in' })
  @IsOptional()
  @IsIn(STARTABLE_SESSION_TYPES, { message: `sessionType must be one of ${STARTABLE_SESSION_TYPES.join(', ')}` })
  sessionType?: (typeof STARTABLE_SESSION_TYPES)[number];
}

export class ConversationFeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'How satisfied I am with the session, 1 to 5' })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'comment must be text' })
  @MinLength(1, { message: 'comment must not be empty' })
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  comment?: string;
}

export class ListCoachActionsQueryDto {
  @ApiPropertyOptional({ enum: COACH_ACTION_TYPES })
  @IsOptional()
  @IsIn(COACH_ACTION_TYPES, { message: `type must be one of ${COACH_ACTION_TYPES.join(', ')}` })
  type?: (typeof COACH_ACTION_TYPES)[number];

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES, { message: `status must be one of ${ACTION_STATUSES.join(', ')}` })
  status?: (typeof ACTION_STATUSES)[number];

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListedCoachActionDto extends CoachActionDto {
  @ApiProperty({ format: 'uuid' }) coachMessageId!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CoachActionPageDto {
  @ApiProperty({ type: [ListedCoachActionDto] }) items!: ListedCoachActionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
