import type { Envelope } from '@tandem/contracts';

import { CHAT_EVENTS, COACH_COMMANDS } from './support';

/** Every received envelope is of a chat contract, in its version, with a payload that validates; `types` are exactly the kinds seen. */
export function expectContractValid(received: Envelope[], types: string[]): void {
  const contractOf = new Map([...CHAT_EVENTS, ...COACH_COMMANDS].map((contract) => [contract.type, contract]));
  for (const envelope of received) {
    const contract = contractOf.get(envelope.type);
    expect(contract).toBeDefined();
    expect(contract!.payload.safeParse(envelope.payload).error).toBeUndefined();
    expect(envelope.version).toBe(contract!.version);
  }
  expect(new Set(received.map((envelope) => envelope.type))).toEqual(new Set(types));
}
