import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { User } from '../accounts/account.entities';

export type AdminAction = 'GRANT' | 'REVOKE';

export interface AdminGrantRecord {
  userId: string;
  email: string;
  action: AdminAction;
  by: string;
  at: string;
}

/** Why an operator command did nothing: said plainly, for the operator's terminal. */
export class AdminCommandError extends Error {}

/**
 * The one way an account becomes (or stops being) an admin: an operator's command on an existing
 * account, recorded with who ran it. `by` is the operator's name (the OS user, or what they pass).
 */
export async function setAdmin(em: EntityManager, email: string, action: AdminAction, by: string): Promise<AdminGrantRecord> {
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { email: email.trim().toLowerCase() });
    if (!user || user.deletionRequestedAt) throw new AdminCommandError(`No account with the email ${email}`);
    const isAdmin = action === 'GRANT';
    if (user.isAdmin === isAdmin) throw new AdminCommandError(`${user.email} ${isAdmin ? 'is already an admin' : 'is not an admin'}`);
    user.isAdmin = isAdmin;
    const at = new Date();
    await tx.execute(`insert into "accounts"."admin_grants" ("id", "user_id", "action", "by", "at") values (?, ?, ?, ?, ?)`, [randomUUID(), user.id, action, by, at]);
    return { userId: user.id, email: user.email, action, by, at: at.toISOString() };
  });
}

/** Today's admins, and the history of grants and revocations (newest first). */
export async function listAdmins(em: EntityManager): Promise<{ admins: string[]; history: AdminGrantRecord[] }> {
  const admins = (await em.find(User, { isAdmin: true }, { orderBy: { email: 'asc' } })).map((user) => user.email);
  const history = await em.execute<AdminGrantRecord[]>(
    `select g."user_id" as "userId", coalesce(u."email", '(erased)') as "email", g."action", g."by", g."at"
     from "accounts"."admin_grants" g left join "accounts"."users" u on u."id" = g."user_id" order by g."at" desc limit 100`,
  );
  return { admins, history };
}
