export * from './coach-state';
