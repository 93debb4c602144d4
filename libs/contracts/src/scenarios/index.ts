// Test scenarios: the gateway owns them; every service applies and clears its part. Registered in ../registry.ts.
export * from './test-scenario';
export * from './test-scenario-events';
