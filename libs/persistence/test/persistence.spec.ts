import { MikroORM } from '@mikro-orm/postgresql';
import { Client, type QueryResult } from 'pg';

import { createTestDatabase, type TestDatabase } from '@tandem/testing';

import { cosineDistance, DeferredBeginClient } from '../src';
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

  describe('transactions (DeferredBeginClient)', () => {
    /** The queries this process hands to pg while `work` runs, in order (each one message to PostgreSQL). */
    async function sentDuring(work: () => Promise<unknown>): Promise<string[]> {
      const spy = jest.spyOn(Client.prototype, 'query');
      try {
        await work();
        return spy.mock.calls.map(([text]: unknown[]) => String(text));
      } finally {
        spy.mockRestore();
      }
    }
    /** Connections of the service's role left open in a transaction, seen from outside. */
    const idleInTransaction = async () =>
      (await query(db.adminUrl, `select pid from pg_stat_activity where usename = 'tandem_coach_state' and datname = '${db.name}' and state like 'idle in transaction%'`)).rows;

    it('should send begin with the first statement: one round trip less per transaction', async () => {
      const sent = await sentDuring(() =>
        orm.em.fork().transactional(async (em) => {
          em.create(Passage, { title: 'with begin', embedding: [0, 1, 0] });
        }),
      );

      expect(sent).toEqual([expect.stringMatching(/^begin;\ninsert into "coach_state"."passages"/), 'commit']);
      expect(await orm.em.fork().count(Passage, { title: 'with begin' })).toBe(1);
    });

    it('should answer the first statement with its own result, inside the transaction', async () => {
      const seen = await orm.em.fork().transactional(async (em) => {
        // A setting local to the transaction, made by its first statement, is still there for the second.
        const [first] = await em.execute<Array<{ set: string }>>("select set_config('tandem.probe', 'inside', true) as set");
        const [second] = await em.execute<Array<{ probe: string }>>("select current_setting('tandem.probe', true) as probe");
        return { first, second };
      });

      expect(seen).toEqual({ first: { set: 'inside' }, second: { probe: 'inside' } });
    });

    it('should roll back a transaction whose first statement fails, and leave the connection clean', async () => {
      const em = orm.em.fork();
      await expect(em.transactional((tx) => tx.execute('insert into "coach_state"."passages" ("title", "embedding") values (null, \'[0,0,1]\')'))).rejects.toThrow(/null value/);

      expect(await idleInTransaction()).toEqual([]);
      expect(await orm.em.fork().count(Passage, { title: 'with a title' })).toBe(0);
    });

    it('should answer a query of several statements with the last one, each with its own snapshot', async () => {
      const rows = await orm.em.fork().transactional((em) =>
        // The second statement sees what the first committed to the transaction: they ran one after the other.
        em.execute<Array<{ probe: string }>>("select set_config('tandem.probe', 'first', true); select current_setting('tandem.probe', true) as probe"),
      );

      expect(rows).toEqual([{ probe: 'first' }]);
    });

    it('should send nothing for a transaction that runs no statement', async () => {
      const sent = await sentDuring(() => orm.em.fork().transactional(async () => undefined));

      expect(sent).toEqual([]);
    });

    it('should count a begun transaction as open before the server has seen it, until it ends', async () => {
      const role = 'tandem_coach_state';
      const mine = () => DeferredBeginClient.openTransactions().filter((open) => open.role === role && open.database === db.name);
      let during: unknown[] = [];
      await orm.em.fork().transactional(async () => {
        // No statement yet: nothing on the server, yet a connection is held.
        during = mine();
        expect(await idleInTransaction()).toEqual([]);
      });

      expect(during).toEqual([{ role, database: db.name, id: expect.any(Number) }]);
      expect(mine()).toEqual([]);
    });

    it('should send begin first when the first statement has bound parameters', async () => {
      const client = new DeferredBeginClient({ connectionString: db.urlFor('coach-state') });
      await client.connect();
      try {
        await client.query('start transaction isolation level serializable');
        const { rows } = (await client.query("select $1::int as n, current_setting('transaction_isolation') as isolation", [7])) as QueryResult<{ n: number; isolation: string }>;
        await client.query('rollback');

        expect(rows).toEqual([{ n: 7, isolation: 'serializable' }]);
      } finally {
        await client.end();
      }
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
