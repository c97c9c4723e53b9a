import { fork } from 'node:child_process';
import type { ChildHandle, SpawnChild } from './child-handle';

/** Headless mode and tests: the child is a plain Node process talking over the IPC channel. */
export const forkNodeChild: SpawnChild = (entry, name) => {
  const child = fork(entry, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, SYNTHEX_CHILD_NAME: name },
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
