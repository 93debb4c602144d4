import { useEffect, useRef } from 'react';

/**
 * The user's live events (GET /v1/events) in one EventSource for the whole app. On the gateway's
 * own origin the browser sends the session cookie with it, so no ticket is needed; a client on
 * another origin would first ask POST /v1/auth/stream-tickets and open `/v1/events?ticket=`.
 */
const EVENT_TYPES = [
  'chat.message.created',
  'chat.conversation.ended',
  'coach-state.changed',
  'identity.deleted',
  'progress.commitment.changed',
  'progress.energy.logged',
  'progress.goal.changed',
  'progress.insight.found',
  'progress.report.generated',
  'sentinel.note.added',
  'sentinel.note.deleted',
  'sentinel.note.superseded',
  'sentinel.note.updated',
  'team.connection.answered',
  'team.connection.requested',
  'team.connections.suggested',
];

type Listener = (type: string, data: unknown) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

export function openLiveEvents(): void {
  if (source) return;
  source = new EventSource('/v1/events');
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (event) => {
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      listeners.forEach((listener) => listener(type, data));
    });
  }
}

export function closeLiveEvents(): void {
  source?.close();
  source = null;
}

/** Calls `onEvent` for each live event whose type starts with one of `prefixes`. */
export function useLiveEvents(prefixes: string[], onEvent: (type: string, data: unknown) => void): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  const key = prefixes.join(',');
  useEffect(() => {
    const wanted = key.split(',');
    const listener: Listener = (type, data) => {
      if (wanted.some((prefix) => type.startsWith(prefix))) latest.current(type, data);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [key]);
}
