import { describe, expect, it } from 'vitest';
import { problems } from './lint-problems';

/** A module that imports `name` from `from` and uses it. */
const importing = (name: string, from: string) =>
  `import { ${name} } from '${from}';\nexport const a = ${name};\n`;

describe('lint enforces the layer rules', () => {
  it.each([
    ['electron/core/anything.ts', importing('app', 'electron'), /core may not import 'electron'/],
    ['shared/anything.ts', importing('app', 'electron'), /shared may not import 'electron'/],
    ['shared/anything.ts', importing('readFileSync', 'node:fs'), /Node built-in/],
    [
      'electron/core/anything.ts',
      importing('x', '../main/index'),
      /may not import from 'electron\/main\/index'/,
    ],
    [
      'electron/core/anything.ts',
      "export { x } from '../../renderer/src/App';\n",
      /may not import from 'renderer\/src\/App'/,
    ],
    ['renderer/src/anything.ts', importing('x', '../../electron/core/app-core'), /renderer may not import/],
    ['renderer/src/anything.ts', "import fs from 'fs';\nexport const a = fs;\n", /Node built-in/],
    [
      'electron/headless/anything.ts',
      "const e = await import('electron');\nexport const a = e;\n",
      /headless may not import 'electron'/,
    ],
    ['electron/main/anything.ts', importing('ipcMain', 'electron'), /only electron\/main\/ipc-binding.ts/],
    ['renderer/src/anything.ts', importing('ipcRenderer', 'electron'), /ipcRenderer/],
    // The core module order: ledger below drift and positions, drift below positions.
    [
      'electron/core/drift/anything.ts',
      importing('x', '../positions/position-engine'),
      /electron\/core\/drift\/ may not import from 'electron\/core\/positions\/position-engine'/,
    ],
    [
      'electron/core/ledger/anything.ts',
      importing('x', '../drift/reconciler'),
      /electron\/core\/ledger\/ may not import from 'electron\/core\/drift\/reconciler'/,
    ],
    [
      'electron/core/ledger/anything.ts',
      "export { x } from '../positions/order-runner';\n",
      /electron\/core\/ledger\/ may not import from 'electron\/core\/positions\/order-runner'/,
    ],
  ])('%s: %s fails', async (file, code, message) => {
    expect((await problems(file, code)).join('\n')).toMatch(message);
  });

  it.each([
    [
      'electron/main/anything.ts',
      "import { app } from 'electron';\nimport { createAppCore } from '../core/app-core';\nexport const a = [app, createAppCore];\n",
    ],
    [
      'electron/core/anything.ts',
      "import { readFileSync } from 'node:fs';\nimport { channels } from '../../shared/contract';\nexport const a = [readFileSync, channels];\n",
    ],
    ['renderer/src/anything.ts', importing('channels', '../../shared/contract')],
    ['electron/main/ipc-binding.ts', importing('ipcMain', 'electron')],
    [
      'electron/core/positions/anything.ts',
      "import { x } from '../drift/reconciler';\nimport { y } from '../ledger/position-repository';\nexport const a = [x, y];\n",
    ],
    ['electron/core/drift/anything.ts', importing('y', '../ledger/position-repository')],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
