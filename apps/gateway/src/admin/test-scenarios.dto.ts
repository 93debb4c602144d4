import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { exampleScenarioTemplate, scenarioTemplate, type ScenarioTemplate } from '@tandem/contracts';

import { SatisfiesSchema } from '../connections/satisfies-schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateTestScenarioDto {
  @ApiProperty({ example: 'two-identities', description: 'Unique, lower-case kebab-case (it also names the accounts a load creates)' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,79}$/, { message: 'name must be 2-80 lower-case letters, digits and dashes' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'The test-scenario.loaded template (docs/test-scenarios.md)', example: exampleScenarioTemplate })
  @SatisfiesSchema(scenarioTemplate)
  template!: ScenarioTemplate;

  @ApiPropertyOptional({ default: true, description: 'Inactive scenarios are listed but cannot be loaded' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export const SCENARIO_STATES = ['NOT_LOADED', 'LOADING', 'LOADED', 'RESETTING', 'CLEARED'] as const;
export type ScenarioState = (typeof SCENARIO_STATES)[number];

export class TestScenarioDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: Object }) template!: ScenarioTemplate;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ enum: SCENARIO_STATES, description: 'The state of its latest load' }) state!: ScenarioState;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ScenarioAccountDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['user', 'colleague'] }) kind!: 'user' | 'colleague';
}

export class LoadedScenarioDto {
  @ApiProperty({ format: 'uuid' }) scenarioId!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ description: 'The one password of every account of this load (shown once, never stored in clear)' }) password!: string;
  @ApiProperty({ type: [ScenarioAccountDto] }) accounts!: ScenarioAccountDto[];
}

export class ServiceScenarioStatusDto {
  @ApiProperty({ example: 'identities' }) service!: string;
  @ApiProperty({ description: 'Accounts of the load this service has applied' }) appliedAccounts!: number;
  @ApiProperty() appliedRows!: number;
  @ApiProperty({ description: 'Every account of the load applied' }) applied!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) clearedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) deletedRows!: number | null;
}

export class ScenarioStatusDto {
  @ApiProperty({ format: 'uuid' }) scenarioId!: string;
  @ApiProperty({ enum: SCENARIO_STATES }) state!: ScenarioState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) runId!: string | null;
  @ApiProperty({ type: [String] }) userIds!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) loadedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resetRequestedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) clearedAt!: string | null;
  @ApiProperty({ type: [ServiceScenarioStatusDto] }) services!: ServiceScenarioStatusDto[];
}
