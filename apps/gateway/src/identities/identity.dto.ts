import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { IDENTITY_CATEGORIES, IDENTITY_STATES, type IdentityCategory, type IdentityState } from '@tandem/contracts';

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
