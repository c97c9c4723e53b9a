import type { SupervisedProcess } from './supervised-process';

/** Resolves once the child is ready (at once if it is), or rejects after `waitMs` saying what state it is in. */
export function whenReady(child: SupervisedProcess, waitMs: number, name = 'poller'): Promise<void> {
  if (child.status().state === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const status = child.status();
      reject(
        new Error(
          `The ${name} process is not ready (${status.state}${status.lastExit ? `; last exit: ${status.lastExit}` : ''})`,
        ),
      );
    }, waitMs);
    const off = child.onStateChange((status) => {
      if (status.state !== 'ready') return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
