/**
 * The poller's line to its host. In Electron's utility process that is `process.parentPort`
 * (messages arrive as `{ data }`); in headless mode and tests it is Node's fork IPC channel.
 */
export interface ParentPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentPort {
  const electronPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    // An orphaned poller would keep refreshing for nobody: leave with the parent.
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The poller must be started by Synthex (no parent port or IPC channel).');
}
