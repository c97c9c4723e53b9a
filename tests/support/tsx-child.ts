import { nodeForker } from '../../electron/core/process/node-fork';

/** Like the headless adapter, but runs a TypeScript entry straight from source through tsx. */
export const forkTsxChild = nodeForker({ execArgv: ['--import', 'tsx'], quiet: true });
