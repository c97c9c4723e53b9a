/**
 * A child process as the supervisor sees it. Electron's utilityProcess (desktop) and Node's
 * child_process.fork (headless, tests) both fit behind this.
 */
export interface ChildHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SpawnChild = (entry: string, name: string) => ChildHandle;
