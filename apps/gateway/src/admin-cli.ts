// The operator's admin command: `npm run admin -- grant <email>`, `revoke <email>`, `list`.
// It connects to the gateway's database as the gateway does (its environment), and records who ran it.
import { userInfo } from 'node:os';

import { MikroORM } from '@mikro-orm/postgresql';

import { AdminCommandError, listAdmins, setAdmin } from './admin/admin-grants';
import { gatewayOrmConfig } from './mikro-orm.config';

const USAGE = 'usage: npm run admin -- grant <email> | revoke <email> | list   (ADMIN_BY names who runs it; default: the OS user)';

export async function runAdminCommand(orm: MikroORM, args: string[], by: string): Promise<string> {
  const [command, email] = args;
  const em = orm.em.fork();
  if (command === 'list') {
    const { admins, history } = await listAdmins(em);
    return [`admins: ${admins.join(', ') || '(none)'}`, ...history.map((row) => `${new Date(row.at).toISOString()}  ${row.action.padEnd(6)} ${row.email} by ${row.by}`)].join('\n');
  }
  if ((command !== 'grant' && command !== 'revoke') || !email) throw new AdminCommandError(USAGE);
  const record = await setAdmin(em, email, command === 'grant' ? 'GRANT' : 'REVOKE', by);
  return `${record.action === 'GRANT' ? 'granted admin to' : 'revoked admin from'} ${record.email} (recorded at ${record.at} by ${record.by})`;
}

async function main(): Promise<void> {
  const orm = await MikroORM.init({ ...gatewayOrmConfig(), debug: false, pool: { min: 0, max: 1 } });
  try {
    console.log(await runAdminCommand(orm, process.argv.slice(2), process.env.ADMIN_BY?.trim() || userInfo().username));
  } finally {
    await orm.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error instanceof AdminCommandError ? error.message : `admin command failed: ${error.message}`);
    process.exit(error instanceof AdminCommandError ? 2 : 1);
  });
}
