import { describe, expect, it } from 'vitest';
import { problems } from './lint-problems';

describe('lint enforces the layer rules', () => {
  it.each([
    [
      'electron/core/anything.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /core may not import 'electron'/,
    ],
    [
      'shared/anything.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /shared may not import 'electron'/,
    ],
    [
      'shared/anything.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      /Node built-in/,
    ],
    [
      'electron/core/anything.ts',
      "import { x } from '../main/index';\nexport const a = x;\n",
      /may not import from 'electron\/main\/index'/,
    ],
    [
      'electron/core/anything.ts',
      "export { x } from '../../renderer/src/App';\n",
      /may not import from 'renderer\/src\/App'/,
    ],
    [
      'renderer/src/anything.ts',
      "import { x } from '../../electron/core/app-core';\nexport const a = x;\n",
      /renderer may not import/,
    ],
    ['renderer/src/anything.ts', "import fs from 'fs';\nexport const a = fs;\n", /Node built-in/],
    [
      'electron/headless/anything.ts',
      "const e = await import('electron');\nexport const a = e;\n",
      /headless may not import 'electron'/,
    ],
    [
      'electron/main/anything.ts',
      "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
      /only electron\/main\/ipc-binding.ts/,
    ],
    [
      'renderer/src/anything.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      /ipcRenderer/,
    ],
    // The core module order: ledger below drift and positions, drift below positions.
    [
      'electron/core/drift/anything.ts',
      "import { x } from '../positions/position-engine';\nexport const a = x;\n",
      /electron\/core\/drift\/ may not import from 'electron\/core\/positions\/position-engine'/,
    ],
    [
      'electron/core/ledger/anything.ts',
      "import { x } from '../drift/reconciler';\nexport const a = x;\n",
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
    [
      'renderer/src/anything.ts',
      "import { channels } from '../../shared/contract';\nexport const a = channels;\n",
    ],
    ['electron/main/ipc-binding.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    [
      'electron/core/positions/anything.ts',
      "import { x } from '../drift/reconciler';\nimport { y } from '../ledger/position-repository';\nexport const a = [x, y];\n",
    ],
    [
      'electron/core/drift/anything.ts',
      "import { y } from '../ledger/position-repository';\nexport const a = y;\n",
    ],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
