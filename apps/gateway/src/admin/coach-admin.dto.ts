import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

import { COACH_ACTION_TYPES, COACHING_PHASES, type CoachActionType, type CoachingPhase } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListPromptsQueryDto {
  @ApiPropertyOptional({ enum: COACHING_PHASES })
  @IsOptional()
  @IsIn(COACHING_PHASES)
  coachingPhase?: CoachingPhase;
}

export class CreatePromptDto {
  @ApiProperty({ enum: COACHING_PHASES })
  @IsIn(COACHING_PHASES)
  coachingPhase!: CoachingPhase;

  @ApiProperty({ minLength: 20, maxLength: 20000, description: 'May use {placeholders}: see docs/chat.md' })
  @IsString()
  @MinLength(20)
  @MaxLength(20000)
  template!: string;

  @ApiProperty({ enum: COACH_ACTION_TYPES, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(COACH_ACTION_TYPES, { each: true })
  allowedActions!: CoachActionType[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

class KnowledgeFieldsDto {
  @ApiProperty({ example: 'methodology', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  category!: string;

  @ApiProperty({ example: 'guidelines', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  contentType!: string;

  @ApiProperty({ maxLength: 255 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  title!: string;

  @ApiProperty({ maxLength: 20000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  content!: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}

export class CreateKnowledgeDto extends KnowledgeFieldsDto {}

export class UpdateKnowledgeDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) category?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) contentType?: string;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(255) title?: string;
  @ApiPropertyOptional({ maxLength: 20000 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(20000) content?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(50, { each: true }) tags?: string[];
}

export class SearchKnowledgeQueryDto {
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500) q?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) category?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}
