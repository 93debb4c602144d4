import type { AdminSql } from './bus-client';

/**
 * The transactions of a service's role held across a model call, asked from inside a fake
 * model's answer: open now and still open (same backend, same start) after the model "thinks"
 * `thinkMs` more. A transaction wrapped around the call cannot end before the answer, so a real
 * violation is always caught; the service's other consumers' short transactions, which may be
 * open at any instant, come and go meanwhile and are not. Resolves with their states.
 */
export async function transactionsHeldAcross(sql: AdminSql, { role, database, thinkMs = 300 }: { role: string; database: string; thinkMs?: number }): Promise<string[]> {
  const open = () =>
    sql<{ pid: number; xact_start: Date; state: string }>("select pid, xact_start, state from pg_stat_activity where usename = $1 and datname = $2 and state like 'idle in transaction%'", [
      role,
      database,
    ]);
  const before = await open();
  if (!before.length) return [];
  // The model's own latency, not a wait for a condition: the call is what is being held.
  await new Promise((resolve) => setTimeout(resolve, thinkMs));
  const after = await open();
  return after.filter((row) => before.some((earlier) => earlier.pid === row.pid && earlier.xact_start.getTime() === row.xact_start.getTime())).map(({ state }) => state);
}
