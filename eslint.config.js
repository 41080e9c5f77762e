// Lint: TypeScript + Vue, and the layer rules (as VS Code's code-layering does for common/browser/node):
// shared/ imports nothing outside itself, renderer/ nothing from electron/, and inside electron/ the engine,
// datasets, preload and migrations import only what their layer may.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto', 'url', 'stream', 'zlib', 'net'];

export default [
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'docs/**', 'bench/reference/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*', '**/electron/**', '**/renderer/**'], message: 'shared/ is pure: it imports nothing outside shared/.' },
          { group: ['node:*', ...NODE_BUILTINS, '@tensorflow/*', 'vue', 'electron', 'better-sqlite3'], message: 'shared/ runs anywhere: no Node, DOM-only, tfjs or Electron imports.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  // Layers inside electron/: the engine trains and knows nothing of who asked (no services, web, store, queue,
  // sweeps, CLI or Electron shell); datasets load data and never reach into the engine's training code; the
  // preload exposes its bridge and nothing else; migrations are SQL data, importing nothing.
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/services/**', '**/web/**', '**/store/**', '**/queue/**', '**/sweeps/**', '**/cli/**', '**/shell/**', 'electron'], message: 'electron/engine/ trains; it imports no services, web, store, queue, sweeps, CLI or Electron shell code.' },
          { group: ['../main.js', '../ipc.js', '../preload*.js', '../../main.js', '../../ipc.js', '../../preload*.js'], message: 'electron/engine/ never imports the Electron shell.' },
        ],
      }],
    },
  },
  {
    files: ['electron/datasets/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/train/**', '**/engine/model/**', '**/engine/weighting/**', '**/engine/kernels/**', '**/engine/backend*', '**/engine/worker*', '**/engine/executor*', '@tensorflow/*'], message: "electron/datasets/ loads data; it never imports the engine's training code (engine/types.ts only)." },
          { group: ['**/services/**', '**/web/**', '**/store/**', '**/queue/**', '**/sweeps/**', '**/cli/**', '**/shell/**', 'electron'], message: 'electron/datasets/ imports no services, web, store, queue, sweeps, CLI or Electron shell code.' },
        ],
      }],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!electron$|\./preload-bridge\.js$)', message: 'The preload imports nothing but electron and its bridge (preload-bridge.ts).' }],
      }],
    },
  },
  {
    files: ['electron/store/migrations.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['*'], message: 'Migrations are SQL data: they import nothing (caches rebuild lazily in their readers).' }] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', 'electron', 'better-sqlite3', '@tensorflow/*', 'node:*'], message: 'renderer/ talks to the Node side only through renderer/api.ts.' },
        ],
      }],
    },
  },
];
