// The team-connections service's contracts (events, commands, queries); registered in ../registry.ts.
export * from './organisation';
export * from './suggestion';
export * from './team-commands';
export * from './team-events';
export * from './team-profile';
export * from './team-queries';
