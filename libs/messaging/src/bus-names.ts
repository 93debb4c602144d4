/**
 * Where messages live on the wire. Production uses the contracts' subjects as they are; a test
 * file sets a namespace so its streams and subjects never meet another file's on the shared
 * server (JetStream forbids two streams capturing the same subject).
 */
export class BusNames {
  constructor(readonly namespace = '') {
    if (namespace && !/^[a-z][a-z0-9_]*$/.test(namespace)) throw new Error(`Bad messaging namespace "${namespace}"`);
  }

  /** The wire subject of a contract subject (or of a subject pattern such as `evt.>`). */
  subject(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  /** The contract subject of a wire subject. */
  contractSubject(wireSubject: string): string {
    return this.namespace ? wireSubject.slice(this.namespace.length + 1) : wireSubject;
  }

  stream(base: string): string {
    return this.namespace ? `${this.namespace.toUpperCase()}_${base}` : base;
  }

  /**
   * The dead-letter subject for what a service could not handle from a given subject. It names the
   * user (`none` when the message names nobody), so an erasure can purge the user's copies.
   */
  deadLetter(service: string, subject: string, userId?: string): string {
    return this.subject(`dlq.${service}.${userId ?? 'none'}.${subject}`);
  }

  /** Every dead letter about one user, of any service and subject. */
  userDeadLetters(userId: string): string {
    return this.subject(`dlq.*.${userId}.>`);
  }

  /** Durable consumer names: one per (service, subject), shared by every replica of the service. */
  durable(service: string, subject: string): string {
    return `${service}__${subject}`.replace(/[.*>\s]/g, '_');
  }
}
