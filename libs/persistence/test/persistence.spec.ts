import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { createTestDatabase, type TestDatabase } from '@tandem/testing';

import { cosineDistance } from '../src';
import { Passage, passageOrmConfig } from './passage.fixture';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('persistence', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase({ 'coach-state': passageOrmConfig }, ['gateway']);
    orm = await MikroORM.init(db.ormConfig('coach-state'));
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  describe('pgvector through MikroORM', () => {
    it('should create the HNSW index in the migration', async () => {
      const { rows } = await query(db.adminUrl, "select indexdef from pg_indexes where schemaname = 'coach_state' and tablename = 'passages'");
      expect(rows.map((row) => row.indexdef)).toContainEqual(expect.stringMatching(/USING hnsw \(embedding vector_cosine_ops\)/));
    });

    it('should return nearest neighbours by cosine distance in order', async () => {
      const em = orm.em.fork();
      em.create(Passage, { title: 'east', embedding: [1, 0, 0] });
      em.create(Passage, { title: 'north-east', embedding: [1, 1, 0] });
      em.create(Passage, { title: 'up', embedding: [0, 0, 1] });
      em.create(Passage, { title: 'west', embedding: [-1, 0.1, 0] });
      await em.flush();

      const nearest = await orm.em.fork().find(Passage, {}, { orderBy: { [cosineDistance('embedding', [0.9, 0.2, 0])]: 'ASC' }, limit: 3 });

      expect(nearest.map((passage) => passage.title)).toEqual(['east', 'north-east', 'up']);
      expect(nearest[0]?.embedding).toEqual([1, 0, 0]);
    });

    it('should record applied migrations in the service schema', async () => {
      const { rows } = await query(db.adminUrl, 'select name from coach_state.mikro_orm_migrations');
      expect(rows.map((row) => row.name)).toEqual(['CreatePassages']);
    });
  });

  describe('schema ownership', () => {
    beforeAll(async () => {
      await query(db.urlFor('gateway'), 'create table accounts.secrets (id int primary key, value text)');
      await query(db.urlFor('gateway'), "insert into accounts.secrets values (1, 'only the gateway may read this')");
    });

    it('should let a service read its own schema', async () => {
      const { rows } = await query(db.urlFor('gateway'), 'select value from accounts.secrets');
      expect(rows).toHaveLength(1);
    });

    it("should refuse a service role another service's schema", async () => {
      await expect(query(db.urlFor('coach-state'), 'select value from accounts.secrets')).rejects.toMatchObject({ code: '42501' });
      await expect(query(db.urlFor('coach-state'), 'create table accounts.intruder (id int)')).rejects.toMatchObject({ code: '42501' });
    });

    it('should refuse a service role tables in the public schema', async () => {
      await expect(query(db.urlFor('coach-state'), 'create table public.stray (id int)')).rejects.toMatchObject({ code: '42501' });
    });
  });
});
