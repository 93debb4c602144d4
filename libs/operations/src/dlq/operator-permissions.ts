import { BUS_ACCESS } from '@tandem/contracts';
import { BusNames, inboxPrefixOf, type NatsPermissions, type PermissionOptions } from '@tandem/messaging';

/** The NATS identity of `npm run dlq`: an operator at a terminal, not a service. */
export const OPERATOR = 'operator';

/**
 * Least privilege for working the dead-letter stream: read its state and its messages one by one,
 * delete one message, and publish again to a subject some service consumes (a replay). It may not
 * purge the stream, change or create any stream or consumer, read any other stream, subscribe to
 * anything but its own replies, or publish a query, a live message or a dead letter.
 */
export function operatorPermissions(options: PermissionOptions = {}): NatsPermissions {
  const namespaced = options.namespaced ?? false;
  const stream = namespaced ? '*' : new BusNames().stream('DEADLETTER');
  const wire = (subject: string) => (namespaced ? `*.${subject}` : subject);
  const consumed = Object.values(BUS_ACCESS).flatMap((access) => access.consumes.map(({ contract }) => wire(contract.subject)));
  return {
    publish: { allow: [...new Set(['$JS.API.INFO', `$JS.API.STREAM.INFO.${stream}`, `$JS.API.STREAM.MSG.GET.${stream}`, `$JS.API.STREAM.MSG.DELETE.${stream}`, ...consumed])] },
    subscribe: { allow: [`${inboxPrefixOf(OPERATOR)}.>`] },
  };
}
