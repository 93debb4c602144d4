export * from './chat';
export * from './chat-events';
export * from './chat-queries';
export * from './chat-admin';
