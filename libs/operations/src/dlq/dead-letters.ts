import { jetstream, jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';

import { BusNames, HEADER } from '@tandem/messaging';

/** One dead letter, as an operator reads it (subject dlq.<service>.<userId|none>.<original subject>). */
export interface DeadLetter {
  seq: number;
  storedAt: string;
  service: string;
  userId: string | null;
  originalSubject: string;
  error: string;
  deliveries: number;
  headers: Record<string, string>;
  body: string;
}

export interface DeadLetterFilter {
  service?: string;
  userId?: string;
  /** The original subject, e.g. evt.user.registered.v1. */
  subject?: string;
}

/** Headers that describe the dead-lettering, not the message: dropped on replay. */
const DEAD_LETTER_HEADERS = [HEADER.error, HEADER.originalSubject, HEADER.deliveries, HEADER.messageId];

/**
 * The operator's view of the DEADLETTER stream (docs/operations.md#dead-letters): list, show,
 * replay (publish again to the original subject with a new Nats-Msg-Id, then delete the dead
 * letter) and drop. Reads message by message, so it needs no consumer on the stream.
 */
export class DeadLetters {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly names: BusNames,
  ) {}

  static async open(nc: NatsConnection, names = new BusNames()): Promise<DeadLetters> {
    return new DeadLetters(nc, await jetstreamManager(nc), names);
  }

  private get stream(): string {
    return this.names.stream('DEADLETTER');
  }

  /** Dead letters in stream order, oldest first, at most `limit`. */
  async list(filter: DeadLetterFilter = {}, limit = 100): Promise<DeadLetter[]> {
    const { state } = await this.jsm.streams.info(this.stream);
    const found: DeadLetter[] = [];
    if (state.messages === 0) return found;
    for (let seq = state.first_seq; seq <= state.last_seq && found.length < limit; seq++) {
      const stored = await this.jsm.streams.getMessage(this.stream, { seq });
      if (!stored) continue; // replayed or dropped
      const letter = this.read(stored);
      if ((!filter.service || letter.service === filter.service) && (!filter.userId || letter.userId === filter.userId) && (!filter.subject || letter.originalSubject === filter.subject))
        found.push(letter);
    }
    return found;
  }

  /** How many dead letters there are, per service and original subject. */
  async count(): Promise<{ total: number; bySubject: Record<string, number> }> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: this.names.subject('dlq.>') });
    const bySubject: Record<string, number> = {};
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      const { service, originalSubject } = this.parseSubject(subject);
      bySubject[`${service} ${originalSubject}`] = (bySubject[`${service} ${originalSubject}`] ?? 0) + count;
    }
    return { total: info.state.messages, bySubject };
  }

  async show(seq: number): Promise<DeadLetter> {
    return this.read(await this.get(seq));
  }

  /**
   * Publishes the message again where it was first published, with its own headers (trace,
   * envelope ids) and a new Nats-Msg-Id, so JetStream does not drop it as a duplicate; consumers
   * that already applied it skip it by the envelope id in their inbox. Then deletes the dead letter.
   */
  async replay(seq: number): Promise<{ seq: number; subject: string; stream: string; streamSeq: number }> {
    const stored = await this.get(seq);
    const letter = this.read(stored);
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(letter.headers)) if (!DEAD_LETTER_HEADERS.includes(name as (typeof DEAD_LETTER_HEADERS)[number])) headers.set(name, value);
    // Unique per dead letter: a replay retried within the duplicate window is published once.
    const msgID = `replay:${this.stream}:${seq}`;
    const ack = await jetstream(this.nc).publish(this.names.subject(letter.originalSubject), stored.data, { headers, msgID });
    await this.jsm.streams.deleteMessage(this.stream, seq, false);
    return { seq, subject: letter.originalSubject, stream: ack.stream, streamSeq: ack.seq };
  }

  async drop(seq: number): Promise<void> {
    await this.get(seq);
    await this.jsm.streams.deleteMessage(this.stream, seq, false);
  }

  private async get(seq: number): Promise<StoredMsg> {
    const stored = await this.jsm.streams.getMessage(this.stream, { seq });
    if (!stored) throw new Error(`No dead letter ${seq} in ${this.stream}`);
    return stored;
  }

  private parseSubject(wireSubject: string) {
    // dlq.<service>.<userId|none>.<original subject, several tokens>
    const [, service = '', user = 'none', ...original] = this.names.contractSubject(wireSubject).split('.');
    return { service, userId: user === 'none' ? null : user, originalSubject: original.join('.') };
  }

  private read(stored: StoredMsg): DeadLetter {
    const headers: Record<string, string> = {};
    for (const [name, values] of stored.header ?? []) headers[name] = values.join(', ');
    const { service, userId, originalSubject } = this.parseSubject(stored.subject);
    return {
      seq: stored.seq,
      storedAt: stored.time.toISOString(),
      service,
      userId,
      originalSubject: headers[HEADER.originalSubject] ?? originalSubject,
      error: headers[HEADER.error] ?? '',
      deliveries: Number(headers[HEADER.deliveries] ?? 0),
      headers,
      body: new TextDecoder().decode(stored.data),
    };
  }
}
