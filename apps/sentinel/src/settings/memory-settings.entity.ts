import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A user's memory consents (table sentinel.memory_settings); no row means none given. */
@Entity({ tableName: 'memory_settings' })
export class MemorySettings {
  [OptionalProps]?: 'keepHealth' | 'keepEmotions' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'boolean' })
  keepHealth = false;

  @Property({ type: 'boolean' })
  keepEmotions = false;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
