import type { z } from 'zod';

export type MessageKind = 'event' | 'command' | 'query';

/** Subject prefixes by kind: each prefix is captured by its own JetStream stream (or none, for queries). */
export const SUBJECT_PREFIX = { event: 'evt', command: 'cmd', query: 'qry' } as const satisfies Record<MessageKind, string>;

interface ContractBase<P extends z.ZodType> {
  readonly kind: MessageKind;
  /** Past tense for events (`user.registered`), imperative for commands, a question for queries. */
  readonly type: string;
  readonly version: number;
  /** `<prefix>.<type>.v<version>`, e.g. `evt.user.registered.v1`. */
  readonly subject: string;
  /** The service that publishes it (events) or handles it (commands, queries). */
  readonly owner: string;
  readonly description: string;
  readonly payload: P;
  /** A valid payload: documents the contract and feeds consumers' contract tests. */
  readonly example: z.input<P>;
  /** The gateway forwards it to the user's live event stream (and keeps it for Last-Event-ID resume). */
  readonly notifiesUser?: boolean;
}

export interface EventContract<P extends z.ZodType = z.ZodType> extends ContractBase<P> {
  readonly kind: 'event';
}

export interface CommandContract<P extends z.ZodType = z.ZodType> extends ContractBase<P> {
  readonly kind: 'command';
}

export interface QueryContract<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> extends ContractBase<P> {
  readonly kind: 'query';
  readonly response: R;
  readonly exampleResponse: z.input<R>;
}

export type MessageContract = EventContract | CommandContract | QueryContract;
/** Contracts that travel through JetStream inside an envelope. */
export type DurableContract = EventContract | CommandContract;

type Definition<P extends z.ZodType> = Omit<ContractBase<P>, 'kind' | 'subject'>;

function subjectOf(kind: MessageKind, type: string, version: number): string {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(type)) throw new Error(`Bad message type "${type}": dotted lowercase words`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`Bad version ${version} for ${type}`);
  return `${SUBJECT_PREFIX[kind]}.${type}.v${version}`;
}

export function defineEvent<P extends z.ZodType>(definition: Definition<P>): EventContract<P> {
  return { ...definition, kind: 'event', subject: subjectOf('event', definition.type, definition.version) };
}

export function defineCommand<P extends z.ZodType>(definition: Definition<P>): CommandContract<P> {
  return { ...definition, kind: 'command', subject: subjectOf('command', definition.type, definition.version) };
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(definition: Definition<P> & { response: R; exampleResponse: z.input<R> }): QueryContract<P, R> {
  return { ...definition, kind: 'query', subject: subjectOf('query', definition.type, definition.version) };
}

export type PayloadOf<C extends MessageContract> = z.output<C['payload']>;
export type ResponseOf<C extends QueryContract> = z.output<C['response']>;
