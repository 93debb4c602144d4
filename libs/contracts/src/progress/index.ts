export * from './progress';
export * from './progress-queries';
export * from './progress-events';
