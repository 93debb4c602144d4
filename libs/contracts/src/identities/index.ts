export * from './identity';
export * from './identity-commands';
export * from './identity-events';
export * from './identity-queries';
