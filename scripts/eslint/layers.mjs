/** A layer may always import from its own folder; `others` are the folders it may import from besides. */
function layer(name, dir, others, { nodeBuiltins, electron }) {
  return { name, dir, mayImport: [dir, ...others], nodeBuiltins, electron };
}

/**
 * The layer rules of docs/architecture.md §4 as data. Each layer names the folders its files may import from and
 * the packages it may not use; `electron` is allowed only where listed.
 */
export const layers = [
  layer('shared', 'shared/', [], { nodeBuiltins: false, electron: false }),
  layer('core', 'electron/core/', ['shared/', 'package.json'], { nodeBuiltins: true, electron: false }),
  layer('main', 'electron/main/', ['electron/core/', 'shared/', 'package.json'], {
    nodeBuiltins: true,
    electron: true,
  }),
  layer('preload', 'electron/preload/', ['shared/'], { nodeBuiltins: false, electron: true }),
  layer('poller', 'electron/poller/', ['electron/core/', 'shared/'], { nodeBuiltins: true, electron: true }),
  layer('headless', 'electron/headless/', ['electron/core/', 'shared/', 'package.json'], {
    nodeBuiltins: true,
    electron: false,
  }),
  layer('renderer', 'renderer/', ['shared/'], { nodeBuiltins: false, electron: false }),
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
