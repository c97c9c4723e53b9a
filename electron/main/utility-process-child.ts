import { utilityProcess } from 'electron';
import type { SpawnChild } from '../core/process/child-handle';
import { childEnvironment } from '../core/process/child-env';

/** Desktop adapter for the supervisor: the child is an Electron utility process. */
export const forkUtilityProcess: SpawnChild = (entry, name) => {
  const child = utilityProcess.fork(entry, [], {
    serviceName: `Synthex ${name}`,
    stdio: 'inherit',
    env: childEnvironment(),
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
};
