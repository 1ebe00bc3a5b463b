// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const NATIVE_BOXES = ['prompt', 'confirm', 'alert'];
const NATIVE_BOX_MESSAGE = 'No native prompt/confirm/alert (Electron has no window.prompt): ask in an in-app dialog (renderer/run/components/AskDialog.tsx, Modal).';

/** Layer rules: runtime is `common` (no DOM, no Node, no other layer); nobody imports renderer/ or electron/. */
const noOtherLayers = (layers) =>
  layers.map((l) => ({ group: [`**/${l}/**`, `../${l}/*`, `../../${l}/*`, `../../../${l}/*`], message: `Layer rule: this folder may not import ${l}/.` }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'out/**', 'dist/**', 'runtime/dist/**', 'runtime/.api-tmp/**', 'release/**', '.tsbuild/**', 'artifacts/**', 'test-results/**',
      'playwright-report/**', 'bench/results/**', '**/*.d.ts', 'bench/**/*.exs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['runtime/**/*.ts'],
    ignores: ['runtime/**/*.test.ts', 'runtime/**/node.test-support.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'runtime/ uses no Node API (it runs in a Web Worker and in exported code).' })),
        patterns: noOtherLayers(['electron', 'renderer', 'cli']),
      }],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'require', 'Buffer', '__dirname', 'global']
          .map((name) => ({ name, message: 'runtime/ uses no DOM or Node globals.' })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // Electron does not implement window.prompt (it returns nothing there), and native boxes block the app and
      // offer no choices of ours: questions are asked in the app's own dialogs (Modal, AskDialog, SaveChangesDialog)
      'no-restricted-globals': ['error', ...NATIVE_BOXES.map((name) => ({ name, message: NATIVE_BOX_MESSAGE }))],
      'no-restricted-properties': ['error', ...NATIVE_BOXES.flatMap((property) => ['window', 'globalThis', 'self'].map((object) => ({ object, property, message: NATIVE_BOX_MESSAGE })))],
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a sandboxed page: no Node API.' })),
        patterns: [
          ...noOtherLayers(['cli']),
          // the renderer may import electron/contract.ts types only (the IPC contract), nothing else from electron/
          { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'renderer/ may only use electron/contract.ts.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: noOtherLayers(['renderer', 'cli']) }] },
  },
  {
    files: ['cli/**/*.{ts,mjs}', 'bridge/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: noOtherLayers(['renderer', 'electron']) }] },
  },
  {
    // Kernel internals stay inside the kernel (and its OTP layer): everyone else uses its public, documented operations
    // (kernel.hang, kernel.slow, kernel.pendingTimers, proc.monitoring(), …). No casts into its private fields.
    files: ['**/*.{ts,tsx}'],
    ignores: ['runtime/kernel/**', 'runtime/otp/**', '**/*.test.ts', '**/*.test-support.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: 'TSAsExpression TSPropertySignature > Identifier[name=/^(timer|liveTimers|beh|mf|mq|mqHead|wv|cont|ext|links|monitors|heap|rq|names|traceBuf)$/]',
          message: 'Kernel internals: use the kernel\'s public operations (runtime/kernel/index.ts), or add one there — no casts into its fields.',
        },
        {
          selector: 'MemberExpression > Identifier.property[name=/^(mf|mq|mqHead|wv|liveTimers)$/]',
          message: 'Kernel internals: use the kernel\'s public operations (runtime/kernel/index.ts), or add one there.',
        },
        {
          selector: 'AssignmentExpression > MemberExpression.left > Identifier.property[name=/^(beh)$/]',
          message: 'Kernel internals: a process\'s behaviour and timers change only through kernel operations (kernel.slow, kernel.hang, …).',
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'runtime/scripts/**/*.mjs', 'runtime/examples/**/*.mjs', 'bench/**/*.{ts,mjs}', 'e2e/**/*.ts', '*.config.{ts,js}', '**/*.test.{ts,tsx}', '**/node.test-support.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
