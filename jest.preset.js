// Shared Jest settings: SWC transpiles TypeScript with legacy decorators and their metadata,
// which Nest and MikroORM read at run time.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Integration tests start real services in their hooks: a minute leaves room for a loaded 2-core machine.
  testTimeout: 60_000,
  setupFiles: [require.resolve('./infra/jest/test-env.js')],
  // No process outlives its test file (stop-processes.js) or the run (global-teardown.js).
  setupFilesAfterEnv: [require.resolve('./infra/jest/stop-processes.js')],
  globalSetup: require.resolve('./infra/jest/global-setup.js'),
  globalTeardown: require.resolve('./infra/jest/global-teardown.js'),
  reporters: ['default', require.resolve('./infra/jest/summary-reporter.js')],
};
