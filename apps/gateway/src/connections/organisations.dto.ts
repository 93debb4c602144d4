import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { JOINED_VIA, ORGANISATION_ROLES, REASON_TYPES } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** POST /v1/organisations: found an organisation (the caller becomes its admin). */
export class CreateOrganisationDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'Lion Software', description: 'A name only: it admits nobody; people join by invitation or verified domain' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name!: string;
}

/** POST /v1/organisations/mine/invitations. */
export class CreateInvitationDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 72, description: 'How long the single-use invitation works' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  expiresInHours?: number;
}

/** POST /v1/organisations/join. */
export class JoinOrganisationDto {
  @ApiProperty({ minLength: 20, maxLength: 200, example: 'inv_6Q2mY1l0bq8pK3vXw9sZt4uR7eH5aN0c', description: 'The token from an admin of the organisation' })
  @Transform(trim)
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  invitation!: string;
}

/** POST /v1/organisations/mine/domains and the operator's verification. */
export class DomainDto {
  @ApiProperty({ maxLength: 253, example: 'lionsoftware.example' })
  @Transform(lower)
  @IsString()
  @MaxLength(253)
  @Matches(DOMAIN, { message: 'domain must be a domain name such as example.com' })
  domain!: string;
}

/** POST /v1/connections/blocks. */
export class BlockDto {
  @ApiProperty({ format: 'uuid', description: 'A colleague of your organisation' })
  @IsUUID()
  userId!: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_ROLES }) role!: string;
  @ApiProperty({ enum: JOINED_VIA }) joinedVia!: string;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Shown once; works once, until expiresAt' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class DomainViewDto {
  @ApiProperty() domain!: string;
  @ApiProperty({ format: 'date-time' }) claimedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null until an operator verified it' }) verifiedAt!: string | null;
}

export class VerifiedDomainDto extends DomainViewDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
}

export class DomainListDto {
  @ApiProperty({ type: [DomainViewDto] }) items!: DomainViewDto[];
}

class OutcomesDto {
  @ApiProperty() suggested!: number;
  @ApiProperty() connected!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Accepted connections of the suggestions no longer open' }) successRate!: number | null;
}

class ReasonOutcomesDto extends OutcomesDto {
  @ApiProperty({ enum: REASON_TYPES }) reasonType!: string;
}

export class OrganisationAnalyticsDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() members!: number;
  @ApiProperty({ type: OutcomesDto }) total!: OutcomesDto;
  @ApiProperty({ type: [ReasonOutcomesDto] }) byReason!: ReasonOutcomesDto[];
}

export class BlockViewDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class BlockListDto {
  @ApiProperty({ type: [BlockViewDto] }) items!: BlockViewDto[];
}
