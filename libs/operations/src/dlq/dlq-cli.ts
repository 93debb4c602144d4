// npm run dlq -- list|count|show|replay|drop: the operator's dead-letter tool (docs/operations.md#dead-letters).
// Connects to NATS_URL as the `operator` identity: NATS_NKEY_SEED is the operator's seed (on a
// development machine, read from NATS_IDENTITIES_FILE when unset).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { BusNames, connectNats, readNatsEnv } from '@tandem/messaging';

import { DeadLetters, type DeadLetter } from './dead-letters';
import { OPERATOR } from './operator-permissions';

const USAGE = `usage: npm run dlq -- <command> [options]
  list   [--service S] [--user ID] [--subject SUBJ] [--limit N] [--json]   dead letters, oldest first
  count  [--json]                                                           how many, per service and subject
  show   <seq>                                                              one dead letter: headers and body
  replay <seq>... | --all [filters]                                         publish again to the original subject, then delete
  drop   <seq>... | --all [filters]                                         delete without replaying`;

const line = (letter: DeadLetter) => `${letter.seq}\t${letter.storedAt}\t${letter.service}\t${letter.userId ?? 'none'}\t${letter.originalSubject}\t${letter.deliveries}x\t${letter.error}`;

function operatorEnv(): NodeJS.ProcessEnv {
  if (process.env.NATS_NKEY_SEED || !process.env.NATS_IDENTITIES_FILE) return process.env;
  const seed = (JSON.parse(readFileSync(process.env.NATS_IDENTITIES_FILE, 'utf8')) as Record<string, string>)[OPERATOR];
  return seed ? { ...process.env, NATS_NKEY_SEED: seed } : process.env;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { service: { type: 'string' }, user: { type: 'string' }, subject: { type: 'string' }, limit: { type: 'string', default: '100' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const [command, ...rest] = positionals;
  const seqs = rest.map(Number);
  if (!command || !['list', 'count', 'show', 'replay', 'drop'].includes(command) || seqs.some((seq) => !Number.isInteger(seq) || seq < 1)) {
    console.error(USAGE);
    return 2;
  }
  const limit = Number(values.limit);
  const filter = { service: values.service, userId: values.user, subject: values.subject };
  const env = operatorEnv();
  const nc = await connectNats(OPERATOR, undefined, env);
  try {
    const letters = await DeadLetters.open(nc, new BusNames(readNatsEnv(env).BUS_NAMESPACE));
    if (command === 'list') {
      const found = await letters.list(filter, limit);
      console.log(values.json ? JSON.stringify(found) : ['seq\tstored at\tservice\tuser\tsubject\tdeliveries\terror', ...found.map(line)].join('\n'));
    } else if (command === 'count') {
      const counts = await letters.count();
      console.log(values.json ? JSON.stringify(counts) : [`${counts.total} dead letters`, ...Object.entries(counts.bySubject).map(([key, count]) => `${count}\t${key}`)].join('\n'));
    } else if (command === 'show') {
      if (seqs.length !== 1) throw new Error('show takes one sequence number');
      console.log(JSON.stringify(await letters.show(seqs[0]!), null, 2));
    } else {
      if (!seqs.length && !values.all) throw new Error(`${command} needs sequence numbers, or --all with filters`);
      const targets = seqs.length ? seqs : (await letters.list(filter, limit)).map((letter) => letter.seq);
      for (const seq of targets) {
        if (command === 'replay') {
          const result = await letters.replay(seq);
          console.log(`replayed ${seq} to ${result.subject} (${result.stream} #${result.streamSeq})`);
        } else {
          await letters.drop(seq);
          console.log(`dropped ${seq}`);
        }
      }
    }
    return 0;
  } finally {
    await nc.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`dlq: ${error.message}`);
    process.exit(1);
  },
);
