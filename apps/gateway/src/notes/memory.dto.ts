import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

import { EMOTION_VALENCES, MEMORY_CLASSES, NOTE_CATEGORIES, type NoteCategory } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const booleanFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** Any ISO 8601 date or date-time becomes the UTC date-time the contract takes ("2026-11-01" -> "2026-11-01T00:00:00.000Z"). */
const isoDateTime = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value);

/** GET /v1/notes query string; sentinel validates the request again against its contract. */
export class ListNotesQueryDto {
  @ApiPropertyOptional({ enum: NOTE_CATEGORIES })
  @IsOptional()
  @IsIn(NOTE_CATEGORIES)
  category?: NoteCategory;

  @ApiPropertyOptional({ description: 'Search by words and meaning; best match first', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also notes that newer facts superseded' })
  @IsOptional()
  @Transform(booleanFlag)
  @IsBoolean({ message: 'includeHistory must be true or false' })
  includeHistory?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** GET /v1/memory/search query string. */
export class MemorySearchQueryDto {
  @ApiProperty({ description: 'A question or any text; rows holding some of its words or its meaning are found', maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'q must be a string' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(200)
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

/** PUT /v1/memory/settings: both consents, as booleans (not "true" strings, not null). */
export class UpdateMemorySettingsDto {
  @ApiProperty({ description: 'Keep notes and messages about my health' })
  @IsBoolean({ message: 'keepHealth must be true or false' })
  keepHealth!: boolean;

  @ApiProperty({ description: 'Keep notes about my feelings, and the emotions read from my messages' })
  @IsBoolean({ message: 'keepEmotions must be true or false' })
  keepEmotions!: boolean;
}

export class MemorySettingsDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() keepHealth!: boolean;
  @ApiProperty() keepEmotions!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

export class UpdatedMemorySettingsDto extends MemorySettingsDto {
  @ApiProperty({ description: 'How many memories withdrawing a consent deleted' }) forgotten!: number;
}

/** PATCH /v1/notes/:id: the user corrects a note (at least one field; sentinel refuses an empty edit with 400). */
export class EditNoteDto {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Works as a senior product manager at Globex' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ enum: NOTE_CATEGORIES })
  // Absent means unchanged; null is not a category (IsOptional would let it through).
  @ValidateIf((_dto, value) => value !== undefined)
  @IsIn(NOTE_CATEGORIES)
  category?: NoteCategory;
}

/** GET /v1/emotions query string: from <= createdAt < to. */
export class ListEmotionsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @Transform(isoDateTime)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @Transform(isoDateTime)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** OpenAPI view of a note (the contract in libs/contracts is the source). */
export class NoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ enum: NOTE_CATEGORIES }) category!: string;
  @ApiProperty({ enum: MEMORY_CLASSES, description: 'Sensitivity: health and emotions are kept only with consent' }) memoryClass!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sourceMessageId!: string | null;
  @ApiProperty({ format: 'date-time' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validTo!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersededBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class NoteListDto {
  @ApiProperty({ type: [NoteDto] }) items!: NoteDto[];
}

export class EmotionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) messageId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) conversationId!: string | null;
  @ApiProperty({ enum: EMOTION_VALENCES }) valence!: string;
  @ApiProperty({ minimum: 1, maximum: 10 }) intensity!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EmotionListDto {
  @ApiProperty({ type: [EmotionDto] }) items!: EmotionDto[];
}

/** OpenAPI view of an episode: a message the user wrote, kept as said. */
export class EpisodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) conversationId!: string | null;
  @ApiProperty() content!: string;
  @ApiProperty({ format: 'date-time' }) saidAt!: string;
}

/** One hit: `note` when kind is note, `episode` when kind is episode. */
export class MemoryHitDto {
  @ApiProperty({ enum: ['note', 'episode'] }) kind!: string;
  @ApiPropertyOptional({ type: NoteDto }) note?: NoteDto;
  @ApiPropertyOptional({ type: EpisodeDto }) episode?: EpisodeDto;
  @ApiProperty({ description: 'Fused reciprocal-rank score, for ordering' }) score!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Cosine distance; null when only words matched' }) distance!: number | null;
}

export class MemorySearchDto {
  @ApiProperty({ type: [MemoryHitDto] }) items!: MemoryHitDto[];
}
