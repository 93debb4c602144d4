// ESLint flat config: type-aware typescript-eslint rules on the whole workspace, and project
// boundaries from Nx tags (infra/eslint/boundaries.mjs). Formatting is Prettier's job.
import tseslint from 'typescript-eslint';

import tandem from './infra/eslint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['**/node_modules/', 'dist/', 'tmp/', 'coverage/', '.nx/', 'libs/contracts/snapshot/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, tandem },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      'tandem/boundaries': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    plugins: { tandem },
    rules: { 'tandem/boundaries': 'error' },
  },
);
