// The sentinel service's contracts (events, commands, queries); registered in ../registry.ts.
export * from './memory-queries';
export * from './memory-settings';
export * from './note';
export * from './note-commands';
export * from './note-events';
export * from './note-queries';
