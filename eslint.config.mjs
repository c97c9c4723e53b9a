import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { synthexPlugin } from './scripts/eslint/layer-imports-rule.mjs';

/**
 * Bybit prints one number as "0", "0.0" or "0.000" (docs/bybit-v5.md "Differences we know of"), so decimal
 * text is never compared: `x === '0'` or `case '0.5':` in app code is an error; read it with decimal.js.
 */
const decimalLiteral = '/^-?(\\d+\\.\\d*|\\d*\\.\\d+|0+)$/';
const decimalText =
  'Do not compare decimal text (Bybit prints 0 as "0", "0.0" or "0.000"): read it with decimal.js, e.g. new Dec(x).isZero() or .eq(y).';

const rawIpc =
  'Use the typed contract: only electron/main/ipc-binding.ts and electron/preload/index.ts touch raw IPC.';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'resources/**',
      'test-results/**',
      'playwright-report/**',
      'alembic/**',
      // electron-vite bundles its config to this name beside it while it builds, and deletes it after:
      // the static lane runs beside the build, and a lint that listed it then failed to read it.
      'electron.vite.config.*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { synthex: synthexPlugin },
    rules: {
      'synthex/layer-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: rawIpc }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'electron', property: 'ipcMain', message: rawIpc },
        { object: 'electron', property: 'ipcRenderer', message: rawIpc },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${decimalLiteral}]`,
          message: decimalText,
        },
        { selector: `SwitchCase > Literal.test[value=${decimalLiteral}]`, message: decimalText },
      ],
    },
  },
  {
    files: ['electron/main/ipc-binding.ts', 'electron/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-properties': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
