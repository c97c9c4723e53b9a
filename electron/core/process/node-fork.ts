import { fork } from 'node:child_process';
import type { ChildHandle, SpawnChild } from './child-handle';
import { childEnvironment } from './child-env';

/**
 * Headless mode and tests: the child is a plain Node process talking over the IPC channel.
 * `execArgv` lets tests run a TypeScript entry from source (`--import tsx`).
 */
export function nodeForker(options: { execArgv?: string[]; quiet?: boolean } = {}): SpawnChild {
  return (entry, name) => {
    const child = fork(entry, [], {
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { ...childEnvironment(), SYNTHEX_CHILD_NAME: name },
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
}

export const forkNodeChild: SpawnChild = nodeForker();
