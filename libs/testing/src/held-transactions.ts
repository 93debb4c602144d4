import { DeferredBeginClient } from '@tandem/persistence';

import type { AdminSql } from './bus-client';

/**
 * The transactions of a service's role held across a model call, asked from inside a fake
 * model's answer: open now and still open (same backend and start, or same transaction of this
 * process) after the model "thinks" `thinkMs` more. A transaction wrapped around the call cannot
 * end before the answer, so a real violation is always caught; the service's other consumers'
 * short transactions, which may be open at any instant, come and go meanwhile and are not.
 * Both sides are asked: the server, for a service in another process, and this process's
 * connections, for a transaction begun with no statement sent yet (DeferredBeginClient sends
 * `begin` with the first one). Resolves with their states.
 */
export async function transactionsHeldAcross(sql: AdminSql, { role, database, thinkMs = 300 }: { role: string; database: string; thinkMs?: number }): Promise<string[]> {
  const onServer = () =>
    sql<{ pid: number; xact_start: Date; state: string }>("select pid, xact_start, state from pg_stat_activity where usename = $1 and datname = $2 and state like 'idle in transaction%'", [
      role,
      database,
    ]);
  const inProcess = () => DeferredBeginClient.openTransactions().filter((open) => open.role === role && open.database === database);
  const [serverBefore, processBefore] = [await onServer(), inProcess()];
  if (!serverBefore.length && !processBefore.length) return [];
  // The model's own latency, not a wait for a condition: the call is what is being held.
  await new Promise((resolve) => setTimeout(resolve, thinkMs));
  const [serverAfter, processAfter] = [await onServer(), inProcess()];
  const heldOnServer = serverAfter.filter((row) => serverBefore.some((earlier) => earlier.pid === row.pid && earlier.xact_start.getTime() === row.xact_start.getTime())).map(({ state }) => state);
  const heldInProcess = processAfter.filter((open) => processBefore.some((earlier) => earlier.id === open.id)).map(() => 'begun in this process');
  // One transaction can be on both lists: what matters is whether any was held.
  return heldOnServer.length ? heldOnServer : heldInProcess;
}
