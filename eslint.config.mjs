import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'demo/', 'test-results/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The renderer runs in a sandboxed page: no Node built-ins, no engine code.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'gdal-async'].map((name) => ({
            name,
            message: 'The renderer must not import Node or native modules; go through the contract client.',
          })),
          patterns: [{ group: ['**/electron/**'], message: 'The renderer talks to the engine only through shared/api.' }],
        },
      ],
    },
  },
  {
    // shared/ is used by both sides: neither Node nor DOM-only modules.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'gdal-async', 'react', 'ol'].map((name) => ({
            name,
            message: 'shared/ must run in Node and in the browser.',
          })),
        },
      ],
    },
  },
  {
    // The engine and its Node hosts never import Electron (they must run under plain Node).
    files: ['electron/engine/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine runs under plain Node; only electron/main may import electron.' }],
          patterns: [{ group: ['**/renderer/**', 'react', 'react-dom', 'antd', 'ol', 'ol/*'], message: 'No UI code in the engine.' }],
        },
      ],
    },
  },
);
