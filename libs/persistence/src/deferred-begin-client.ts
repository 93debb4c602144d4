import { Client, type QueryResult } from 'pg';

/** What Kysely (under MikroORM) sends to open a transaction: `begin`, or `start transaction ...` with settings. */
const BEGIN = /^\s*(begin|start\s+transaction)\b[^;]*;?\s*$/i;
const END = /^\s*(commit|rollback)\s*;?\s*$/i;
/** Longer texts are never a bare begin, commit or rollback: no regular expression runs on a long statement. */
const CONTROL_MAX_LENGTH = 80;

const emptyResult = (command: string): QueryResult => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/** A transaction this process has begun and not yet ended, whether or not the server has seen it yet. */
export interface OpenTransaction {
  role: string;
  database: string;
  /** Tells one transaction on a connection from the next. */
  id: number;
}

/** Every connection of this process with a transaction open, from `begin` to `commit` or `rollback`. */
const open = new Map<DeferredBeginClient, OpenTransaction>();
let transactions = 0;

/**
 * A simple query of several statements answers with one result per statement; Kysely reads one
 * (`rows` of an array is nothing), so the caller gets the last statement's, the one it asked for.
 */
const lastResult = (pending: unknown): Promise<QueryResult> => (pending as Promise<QueryResult | QueryResult[]>).then((results) => (Array.isArray(results) ? results[results.length - 1]! : results));

/**
 * A `pg` client that sends `begin` together with the transaction's first statement, in one
 * simple-query message: one round trip (one socket write, one backend wake-up) less for every
 * transaction, which on a busy machine is a large share of a short transaction's cost.
 *
 * MikroORM sends every statement as plain text (parameters inlined), so the first statement
 * after `begin` can nearly always travel with it. A statement that cannot (one with bound
 * parameters, or a cursor) has the `begin` queued just before it, as before. A transaction that
 * ends before any statement sends nothing at all. Errors are unchanged: `begin` itself does not
 * fail, and a failing first statement leaves the transaction aborted, as it would have.
 *
 * Where a transaction starts on the server moves to its first statement (`now()` in it too);
 * the pooled connection is reserved from `begin` on, as before.
 *
 * For the same reason, a plain query of several statements (`a; b`) answers with its last
 * statement's result, so a caller can send statements that must not share a snapshot (a lock,
 * then a read that must see what committed while it waited) in one message.
 */
export class DeferredBeginClient extends Client {
  private pendingBegin: string | undefined;

  /**
   * The transactions this process holds open now: what a test checks to prove no model call runs
   * inside one, since a begun transaction with no statement yet is invisible to the server.
   */
  static openTransactions(): OpenTransaction[] {
    return [...open.values()];
  }

  constructor(...args: ConstructorParameters<typeof Client>) {
    super(...args);
    this.on('end', () => open.delete(this));
  }

  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const plain = typeof config === 'string' && callback === undefined && (values === undefined || (Array.isArray(values) && values.length === 0));
    const control = plain && config.length <= CONTROL_MAX_LENGTH;
    if (control && END.test(config)) open.delete(this);
    if (control && this.pendingBegin === undefined && BEGIN.test(config)) {
      this.pendingBegin = config.trim().replace(/;$/, '');
      open.set(this, { role: this.user ?? '', database: this.database ?? '', id: ++transactions });
      return Promise.resolve(emptyResult('BEGIN')) as never;
    }
    const begin = this.pendingBegin;
    if (begin === undefined) return (plain ? lastResult(super.query(config)) : (super.query as (...rest: unknown[]) => never)(...args)) as never;
    this.pendingBegin = undefined;
    if (control && END.test(config)) return Promise.resolve(emptyResult(config.trim().replace(/;$/, '').toUpperCase())) as never;
    if (plain) return lastResult(super.query(`${begin};\n${config}`)) as never;
    // Queued in order on this connection: `begin` runs first, and a connection error fails the statement too.
    (super.query(begin) as unknown as Promise<unknown>).catch(() => undefined);
    return (super.query as (...rest: unknown[]) => never)(...args);
  }
}
