/**
 * The layer rules of docs/architecture.md §4 as data. Each layer names the folders its files may import from and
 * the packages it may not use; `electron` is allowed only where listed.
 */
export const layers = [
  { name: 'shared', dir: 'shared/', mayImport: ['shared/'], nodeBuiltins: false, electron: false },
  {
    name: 'core',
    dir: 'electron/core/',
    mayImport: ['electron/core/', 'shared/', 'package.json'],
    nodeBuiltins: true,
    electron: false,
  },
  {
    name: 'main',
    dir: 'electron/main/',
    mayImport: ['electron/main/', 'electron/core/', 'shared/', 'package.json'],
    nodeBuiltins: true,
    electron: true,
  },
  {
    name: 'preload',
    dir: 'electron/preload/',
    mayImport: ['electron/preload/', 'shared/'],
    nodeBuiltins: false,
    electron: true,
  },
  {
    name: 'poller',
    dir: 'electron/poller/',
    mayImport: ['electron/poller/', 'electron/core/', 'shared/'],
    nodeBuiltins: true,
    electron: true,
  },
  {
    name: 'headless',
    dir: 'electron/headless/',
    mayImport: ['electron/headless/', 'electron/core/', 'shared/', 'package.json'],
    nodeBuiltins: true,
    electron: false,
  },
  {
    name: 'renderer',
    dir: 'renderer/',
    mayImport: ['renderer/', 'shared/'],
    nodeBuiltins: false,
    electron: false,
  },
];

/** Packages only the Electron side may load, whatever the layer's other rules. */
export const electronPackages = ['electron', '@electron/remote', 'electron-store', 'electron-updater'];

/**
 * The order of modules inside electron/core where two of them once imported each other: the ledger (positions,
 * components, trades, holdings and what an account should hold) sits below both drift and positions, and drift
 * below positions, so each arrow goes one way. A file in `dir` may not import from the folders in `mayNotImport`.
 */
export const coreModuleOrder = [
  { dir: 'electron/core/ledger/', mayNotImport: ['electron/core/positions/', 'electron/core/drift/'] },
  { dir: 'electron/core/drift/', mayNotImport: ['electron/core/positions/'] },
];
