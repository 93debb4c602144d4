import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

import { REASON_TYPES, REQUEST_STATUSES, SUGGESTION_STATUSES, type SuggestionStatus } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** GET /v1/connections/suggestions query string. */
export class ListSuggestionsQueryDto {
  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES })
  @IsOptional()
  @IsIn(SUGGESTION_STATUSES)
  status?: SuggestionStatus;
}

/** POST /v1/connections/suggestions: ask for suggestions now. */
export class RequestSuggestionsDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'Our Kubernetes cluster keeps failing during database migrations', description: 'The problem or project; only you see it' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  context!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit?: number;
}

/** What a colleague may see of another. */
export class ColleagueCardDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
  @ApiProperty({ type: String, nullable: true }) department!: string | null;
}

/** OpenAPI view of a suggestion (the contract in libs/contracts is the source). */
export class SuggestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: ColleagueCardDto }) collaborator!: ColleagueCardDto;
  @ApiProperty({ enum: REASON_TYPES }) reasonType!: string;
  @ApiProperty({ example: 'Sam Rivera knows kubernetes, which your context is about.' }) explanation!: string;
  @ApiProperty({ type: String, nullable: true }) context!: string | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ enum: SUGGESTION_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondedAt!: string | null;
  @ApiProperty({ enum: REQUEST_STATUSES, nullable: true, description: "The colleague's answer once you connected" }) request!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SuggestionListDto {
  @ApiProperty({ type: [SuggestionDto] }) items!: SuggestionDto[];
}

/** A colleague who chose to connect with the caller: who and why, never their context. */
export class IncomingConnectionDto {
  @ApiProperty({ format: 'uuid' }) suggestionId!: string;
  @ApiProperty({ type: ColleagueCardDto }) requestor!: ColleagueCardDto;
  @ApiProperty({ enum: REASON_TYPES }) reasonType!: string;
  @ApiProperty({ example: 'Ada Lovelace would like your help with kubernetes.' }) why!: string;
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
}

export class IncomingConnectionListDto {
  @ApiProperty({ type: [IncomingConnectionDto] }) items!: IncomingConnectionDto[];
}
