// Lint: TypeScript + Vue, and the layer rule: shared/ imports nothing outside itself,
// renderer/ imports nothing from electron/ (as VS Code does for common/browser/node).
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
