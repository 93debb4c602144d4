import type { MessageContract, MessageKind } from './define';
import { jsonSchemaOf } from './json-schema';
import type { JSONSchema } from './json-schema';

/** What a released contract version promised; consumers rely on it not changing incompatibly. */
export interface ContractSnapshot {
  readonly subject: string;
  readonly kind: MessageKind;
  readonly payload: JSONSchema;
  readonly response?: JSONSchema;
}

export type ContractsSnapshot = Readonly<Record<string, ContractSnapshot>>;

/** `user.registered@v1`: one key per released version. */
export function snapshotKey(contract: Pick<MessageContract, 'type' | 'version'>): string {
  return `${contract.type}@v${contract.version}`;
}

export function snapshotOf(contract: MessageContract): ContractSnapshot {
  const payload = jsonSchemaOf(contract.payload, contract.subject);
  if (contract.kind !== 'query') return { subject: contract.subject, kind: contract.kind, payload };
  return { subject: contract.subject, kind: contract.kind, payload, response: jsonSchemaOf(contract.response, `${contract.subject} response`) };
}

/**
 * The snapshot to publish: the previous one with these contracts written over it. Entries for
 * versions no longer defined are kept, so the compatibility test reports their removal.
 */
export function buildSnapshot(contracts: readonly MessageContract[], previous: ContractsSnapshot = {}): ContractsSnapshot {
  const entries = new Map(Object.entries(previous));
  for (const contract of contracts) entries.set(snapshotKey(contract), snapshotOf(contract));
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
