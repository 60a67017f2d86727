// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering (DESIGN §2): imports point down only.
 *   renderer → core;  preload → core (+ electron);  main, cli, server → node → core.
 * core imports no node:*, electron or DOM, so it runs in main, workers, renderer, server and CLI.
 */
const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls',
  'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const noNode = [
  { group: ['node:*'], message: 'This layer must not import Node built-ins (DESIGN §2).' },
  // Bare specifiers only (a gitignore-style group 'crypto' would also match '../crypto/sha256.ts').
  ...NODE_BUILTINS.map((name) => ({ regex: `^${name}(/.*)?$`, message: 'This layer must not import Node built-ins (DESIGN §2).' })),
];
const noElectron = [{ group: ['electron', 'electron/*'], message: 'Only src/main and src/preload may import electron.' }];
const layer = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `This layer must not import src/${name} (DESIGN §2).` });
const noDomGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'fetch', 'XMLHttpRequest'].map(
  (name) => ({ name, message: 'src/core must not use the DOM or network (DESIGN §2).' }),
);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, ...noElectron, layer('node'), layer('main'), layer('preload'), layer('renderer'), layer('server'), layer('cli')] }],
      'no-restricted-globals': ['error', ...noDomGlobals, { name: 'Buffer', message: 'src/core uses Uint8Array, not Buffer.' }, { name: 'process', message: 'src/core must not use process.' }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, ...noElectron, layer('node'), layer('main'), layer('preload'), layer('server'), layer('cli')] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, layer('node'), layer('main'), layer('renderer'), layer('server'), layer('cli')] }],
    },
  },
  {
    files: ['src/node/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noElectron, layer('main'), layer('preload'), layer('renderer'), layer('server'), layer('cli')] }],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noElectron, layer('main'), layer('preload'), layer('renderer'), layer('cli')] }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noElectron, layer('main'), layer('preload'), layer('renderer')] }],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer('renderer'), layer('cli'), layer('preload')] }],
    },
  },
);
