import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import {
  AVAILABILITY_STATUSES,
  STRENGTHS,
  collaborationPreferences,
  projectExperience,
  strengthsSummary,
  type AvailabilityStatus,
  type ProjectExperience,
  type StrengthsSummary,
  type TeamProfileView,
} from '@tandem/contracts';

import { SatisfiesSchema } from './satisfies-schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

class StrengthsDto {
  @ApiProperty({ enum: STRENGTHS }) primaryStrength!: string;
  @ApiPropertyOptional({ type: [String], example: ['strategic', 'methodical'] }) flowAttributes?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, example: 'analytical empathy' }) collaborationStyle?: string | null;
}

class ProjectExperienceDto {
  @ApiProperty({ example: 'Mobile checkout' }) project!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Product lead' }) role?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Cut the checkout flow from five steps to two.' }) summary?: string | null;
}

/** PUT /v1/profile: the whole team profile (fields left out take their defaults); team-connections validates it again. */
export class SaveTeamProfileDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'Lion Software', description: 'Shown to colleagues; grants nothing: suggestions come only from your organisation' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  company?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'Product' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  department?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'Product Manager' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  role?: string | null;

  @ApiPropertyOptional({ type: StrengthsDto, nullable: true })
  @IsOptional()
  @SatisfiesSchema(strengthsSummary)
  strengths?: StrengthsSummary | null;

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['Product Strategy', 'User Research'], description: 'Stored in lower case' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  expertiseAreas?: string[];

  @ApiPropertyOptional({ type: [ProjectExperienceDto], maxItems: 30 })
  @IsOptional()
  @SatisfiesSchema(projectExperience.array().max(30))
  projectExperience?: ProjectExperience[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { channels: ['chat', 'pairing'], bestTime: 'mornings' } })
  @IsOptional()
  @SatisfiesSchema(collaborationPreferences)
  collaborationPreferences?: TeamProfileView['collaborationPreferences'];

  @ApiPropertyOptional({ enum: AVAILABILITY_STATUSES, default: 'available' })
  @IsOptional()
  @IsIn(AVAILABILITY_STATUSES)
  availability?: AvailabilityStatus;

  @ApiPropertyOptional({ default: true, description: 'Whether colleagues may be suggested this person' })
  @IsOptional()
  @IsBoolean()
  connectionOptIn?: boolean;
}

/** OpenAPI view of a team profile (the contract in libs/contracts is the source). */
export class TeamProfileDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ type: String, nullable: true }) company!: string | null;
  @ApiProperty({ type: String, nullable: true }) department!: string | null;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
  @ApiProperty({ type: StrengthsDto, nullable: true }) strengths!: StrengthsDto | null;
  @ApiProperty({ type: [String] }) expertiseAreas!: string[];
  @ApiProperty({ type: [ProjectExperienceDto] }) projectExperience!: ProjectExperienceDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) collaborationPreferences!: Record<string, unknown>;
  @ApiProperty({ enum: AVAILABILITY_STATUSES }) availability!: string;
  @ApiProperty() connectionOptIn!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
