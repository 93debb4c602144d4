import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { IDENTITY_CATEGORIES, IDENTITY_CHANGES, IDENTITY_STATES, type IdentityCategory, type IdentityState } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** GET /v1/identities query string; the identities service validates the request again against its contract. */
export class ListIdentitiesQueryDto {
  @ApiPropertyOptional({ enum: IDENTITY_CATEGORIES })
  @IsOptional()
  @IsIn(IDENTITY_CATEGORIES)
  category?: IdentityCategory;

  @ApiPropertyOptional({ enum: IDENTITY_STATES })
  @IsOptional()
  @IsIn(IDENTITY_STATES)
  state?: IdentityState;

  @ApiPropertyOptional({ description: 'Full-text search over name, affirmation and visualization; best match first', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeArchived must be true or false' })
  includeArchived?: boolean;
}

/** Any ISO 8601 date or date-time becomes the UTC date-time the contract takes ("2026-11-01" -> "2026-11-01T00:00:00.000Z"). */
const isoDateTime = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value);

/** GET /v1/identities/:id query string. */
export class GetIdentityQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-23T10:00:00Z', description: 'Show the identity as it was at this time' })
  @IsOptional()
  @Transform(isoDateTime)
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date or date-time' })
  asOf?: string;
}

/** POST /v1/identities: the user's own identity. */
export class CreateIdentityDto {
  @ApiProperty({ enum: IDENTITY_CATEGORIES })
  @IsIn(IDENTITY_CATEGORIES, { message: `category must be one of ${IDENTITY_CATEGORIES.join(', ')}` })
  category!: IdentityCategory;

  @ApiProperty({ maxLength: 200, example: 'The Calm Leader' })
  @Transform(trim)
  @IsString({ message: 'name must be a string' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  affirmation?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  visualization?: string;
}

/** PATCH /v1/identities/:id: at least one field (the service refuses an empty edit with 400). */
export class EditIdentityDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'The Calm Leader' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 5000, example: 'I lead my team with calm and clarity.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  affirmation?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  visualization?: string;
}

/** OpenAPI view of an identity (the contract in libs/contracts is the source). */
export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: IDENTITY_CATEGORIES }) category!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) affirmation!: string | null;
  @ApiProperty({ type: String, nullable: true }) visualization!: string | null;
  @ApiProperty({ enum: IDENTITY_STATES }) state!: string;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class IdentityListDto {
  @ApiProperty({ type: [IdentityDto] }) items!: IdentityDto[];
}

export class IdentityVersionDto {
  @ApiProperty({ format: 'uuid' }) identityId!: string;
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty({ enum: IDENTITY_CHANGES }) change!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
  @ApiProperty({ type: IdentityDto }) identity!: IdentityDto;
}

export class IdentityHistoryDto {
  @ApiProperty({ type: [IdentityVersionDto] }) items!: IdentityVersionDto[];
}
