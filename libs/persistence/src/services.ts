/**
 * Every Tandem service that owns tables, with the PostgreSQL schema it owns. The bootstrap and
 * the test helpers provision from this list: one schema and one login role per service.
 */
export const SERVICE_SCHEMAS = {
  gateway: 'accounts',
  'coach-state': 'coach_state',
  identities: 'identities',
  chat: 'chat',
  sentinel: 'sentinel',
  'team-connections': 'team',
  progress: 'progress',
} as const;

export type ServiceName = keyof typeof SERVICE_SCHEMAS;

export const SERVICE_NAMES = Object.keys(SERVICE_SCHEMAS) as ServiceName[];

export function schemaOf(service: ServiceName): string {
  return SERVICE_SCHEMAS[service];
}

/** The login role that owns a service's schema and can touch nothing else. */
export function roleOf(service: ServiceName): string {
  return `tandem_${service.replaceAll('-', '_')}`;
}
