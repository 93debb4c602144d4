import { ApiProperty } from '@nestjs/swagger';

import { COACHING_PHASES } from '@tandem/contracts';

class PhaseStepDto {
  @ApiProperty({ enum: COACHING_PHASES }) phase!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class ProgressDto {
  @ApiProperty({ type: [String], format: 'uuid' }) acceptedIdentityIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) refinedIdentityIds!: string[];
  @ApiProperty({ type: [PhaseStepDto] }) phaseHistory!: PhaseStepDto[];
}

/** OpenAPI view of coach-state.get's response (the contract in libs/contracts is the source). */
export class CoachStateDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: COACHING_PHASES }) currentPhase!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) currentIdentityId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) proposedIdentityId!: string | null;
  @ApiProperty({ type: ProgressDto }) progress!: ProgressDto;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
