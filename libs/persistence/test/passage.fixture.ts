import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Migration } from '@mikro-orm/migrations';

import { defineServiceConfig, hnswIndexSql, VectorType } from '../src';

/** A test-only entity with an embedding, owned by the coach-state schema for the test's sake. */
@Entity({ tableName: 'passages' })
export class Passage {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: VectorType, length: 3 })
  embedding!: number[];
}

export class CreatePassages extends Migration {
  override up(): void {
    this.addSql('create extension if not exists vector');
    this.addSql('create table "coach_state"."passages" ("id" serial primary key, "title" text not null, "embedding" vector(3) not null)');
    this.addSql(hnswIndexSql('coach_state', 'passages', 'embedding'));
  }
}

export const passageOrmConfig = (clientUrl: string) => defineServiceConfig({ service: 'coach-state', entities: [Passage], migrations: [CreatePassages], migrationsPath: __dirname, clientUrl });
