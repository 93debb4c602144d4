export * from './progress';
export * from './progress-queries';
export * from './progress-events';
export * from './report';
export * from './report-messages';
export * from './insight';
export * from './progress-commands';
