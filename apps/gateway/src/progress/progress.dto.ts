import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';

import { IDENTITY_CATEGORIES, REMINDER_STATUSES, SCHEDULES, type IdentityCategory, type ReminderStatus, type Schedule } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A date-time must say its offset (Z or +01:00): a due time without one is ambiguous. */
const ISO_WITH_OFFSET = { strict: true, strictSeparator: true };

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length > 64) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Europe/Paris';
  }
}

/** POST /v1/goals; progress validates the request again against its contract. */
export class CreateGoalDto {
  @ApiProperty({ maxLength: 200, example: 'Run a 10 km race' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why it matters', example: 'To feel strong and steady again' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  why?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The identity this goal serves' })
  @IsOptional()
  @IsUUID()
  identityId?: string;

  @ApiPropertyOptional({ enum: IDENTITY_CATEGORIES, description: 'The life area' })
  @IsOptional()
  @IsIn(IDENTITY_CATEGORIES)
  lifeArea?: IdentityCategory;

  @ApiPropertyOptional({ format: 'date', example: '2027-03-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'targetDate must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'targetDate must be a date, YYYY-MM-DD' })
  targetDate?: string;
}

/** PATCH /v1/goals/:id: any field of a goal, or closing it. */
export class UpdateGoalDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  why?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'targetDate must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'targetDate must be a date, YYYY-MM-DD' })
  targetDate?: string;

  @ApiPropertyOptional({ enum: ['COMPLETED', 'SKIPPED'], description: 'Close the goal' })
  @IsOptional()
  @IsIn(['COMPLETED', 'SKIPPED'])
  status?: 'COMPLETED' | 'SKIPPED';
}

export class ListGoalsQueryDto {
  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES)
  status?: ReminderStatus;
}

export class ListCommitmentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  goalId?: string;

  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES)
  status?: ReminderStatus;
}

/** POST /v1/commitments: a due time not in the past (progress checks it against its clock) and a schedule. */
export class CreateCommitmentDto {
  @ApiProperty({ maxLength: 200, example: 'A 20-minute walk before work' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T07:30:00+01:00', description: 'When it is due, with its offset; not in the past' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'dueAt must be a date-time with its offset (Z or +01:00)' })
  @IsISO8601(ISO_WITH_OFFSET, { message: 'dueAt must be a date-time with its offset (Z or +01:00)' })
  dueAt!: string;

  @ApiPropertyOptional({ enum: SCHEDULES, default: 'ONCE', description: 'How it repeats, in your time zone' })
  @IsOptional()
  @IsIn(SCHEDULES, { message: `schedule must be one of ${SCHEDULES.join(', ')}` })
  schedule?: Schedule;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  goalId?: string;
}

/** POST /v1/commitments/:id/complete and /skip. */
export class SettleCommitmentDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class LogEnergyDto {
  @ApiProperty({ minimum: 1, maximum: 10, example: 7 })
  @IsInt({ message: 'level must be a whole number from 1 to 10' })
  @Min(1, { message: 'level must be a whole number from 1 to 10' })
  @Max(10, { message: 'level must be a whole number from 1 to 10' })
  level!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class ListEnergyQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 21 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;
}

/** PUT /v1/check-in-settings: the whole settings (quiet hours: both ends or neither). */
export class CheckInSettingsDto {
  @ApiProperty({ example: 'Europe/Paris' })
  @Validate(IsTimeZone)
  timeZone!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '22:00' })
  @ValidateIf((settings: CheckInSettingsDto) => settings.quietHoursStart != null || settings.quietHoursEnd != null)
  @Matches(HH_MM, { message: 'quietHoursStart must be HH:MM (24-hour), given with quietHoursEnd' })
  quietHoursStart?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '07:30' })
  @ValidateIf((settings: CheckInSettingsDto) => settings.quietHoursStart != null || settings.quietHoursEnd != null)
  @Matches(HH_MM, { message: 'quietHoursEnd must be HH:MM (24-hour), given with quietHoursStart' })
  quietHoursEnd?: string | null;
}

// OpenAPI views (the contracts in libs/contracts are the source).

export class GoalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) why!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) identityId!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: IDENTITY_CATEGORIES }) lifeArea!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) targetDate!: string | null;
  @ApiProperty({ enum: REMINDER_STATUSES }) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CommitmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) goalId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: SCHEDULES }) schedule!: string;
  @ApiProperty({ enum: REMINDER_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GoalWithCommitmentsDto extends GoalDto {
  @ApiProperty({ type: [CommitmentDto] }) commitments!: CommitmentDto[];
}

export class GoalListDto {
  @ApiProperty({ type: [GoalDto] }) items!: GoalDto[];
}

export class CommitmentListDto {
  @ApiProperty({ type: [CommitmentDto] }) items!: CommitmentDto[];
}

export class EnergyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ minimum: 1, maximum: 10 }) level!: number;
  @ApiProperty({ enum: ['USER', 'INFERRED'] }) source!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class EnergyListDto {
  @ApiProperty({ type: [EnergyDto] }) items!: EnergyDto[];
}

export class MetricsDto {
  @ApiProperty({ description: 'last7, last21 {days, due, completed, skipped, missed, rate}, currentStreak, longestStreak' }) consistency!: Record<string, unknown>;
  @ApiProperty({ description: 'latest, average7, average21, entries7' }) energy!: Record<string, unknown>;
}

export class CheckInSettingsViewDto {
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: String, nullable: true }) quietHoursStart!: string | null;
  @ApiProperty({ type: String, nullable: true }) quietHoursEnd!: string | null;
}
