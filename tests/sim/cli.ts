/**
 * `npm run sim -- --port P [--seed N] [--tick-ms MS] [--funding-ms MS] [--lookup-lag-ms MS] [--state-file PATH]
 * [--history-days D]`: prints one JSON line with the URLs and the default key when ready (stdout), logs to
 * stderr, stops cleanly on SIGINT/SIGTERM. `--lookup-lag-ms` fixes the lag of order and execution lookups
 * (default: a random 0-2000 ms per order). With --state-file the simulator starts from the state saved there
 * and keeps it current.
 */
import { startSimulator } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function intArg(name: string, def: number): number {
  const v = arg(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`invalid --${name}: ${v}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    port: arg('port') === undefined ? undefined : intArg('port', 0),
    seed: arg('seed') === undefined ? undefined : intArg('seed', 1),
    stateFile: arg('state-file'),
    tickIntervalMs: intArg('tick-ms', 100),
    // 0 (the default) keeps Bybit's real settlement times.
    fundingPeriodMs: intArg('funding-ms', 0) || undefined,
    lookupLag: arg('lookup-lag-ms') === undefined ? undefined : intArg('lookup-lag-ms', 0),
    historyDays: arg('history-days') === undefined ? undefined : intArg('history-days', 30),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[sim] ${signal}: stopping\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers before the ready line: its reader may signal at once (see electron/headless/index.ts).
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(
    `${JSON.stringify({ rest: sim.rest, ws: sim.ws, apiKey: sim.apiKey, apiSecret: sim.apiSecret, coingecko: sim.coingecko })}\n`,
  );
  process.stderr.write(`[sim] Bybit V5 simulator on ${sim.rest} (control: POST ${sim.rest}/__sim/...)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[sim] failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
