import { fork } from 'node:child_process';
import type { ChildHandle, SpawnChild } from '../../electron/core/process/child-handle';

/** Like the headless adapter, but runs a TypeScript entry straight from source through tsx. */
export const forkTsxChild: SpawnChild = (entry) => {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const handle: ChildHandle = {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
  return handle;
};
