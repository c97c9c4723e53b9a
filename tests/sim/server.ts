import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from './bybit/engine';
import { rawQueryOf, readBody } from './bybit/http-util';
import type { Environment } from './bybit/keys';
import { checkLiquidations } from './bybit/liquidation';
import { checkTradingStops } from './bybit/trading-stop';
import { matchRestingOrders } from './bybit/matching';
import { BybitRest } from './bybit/rest';
import { keepSimState, readSimState } from './bybit/sim-state';
import { TimerSet } from './bybit/timers';
import { BybitWs } from './bybit/ws';
import { CoinGeckoSim } from './coingecko/server';
import { createControl, handleControlRequest } from './control';
import { Sightings } from './bybit/sightings';
import type { Simulator, SimulatorOptions } from './types';

const CONTROL_PREFIX = '/__sim/';
/** Extension: how Synthex tells its simulator from a real Bybit behind a custom URL (never a Bybit path). */
const IDENTITY_PATH = '/__sim/identity';
const COINGECKO_PREFIX = '/coingecko';

/** `/demo/...` and `/testnet/...` serve the other environments; everything else is mainnet. */
function splitEnvironment(path: string): { env: Environment; path: string } {
  for (const env of ['demo', 'testnet'] as const) {
    const prefix = `/${env}/`;
    if (path.startsWith(prefix)) return { env, path: path.slice(prefix.length - 1) };
  }
  return { env: 'mainnet', path };
}

function pathOf(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}

/** One loopback HTTP server for Bybit REST + WS, the CoinGecko sim and the control routes. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const timers = new TimerSet();
  const saved = options.stateFile ? readSimState(options.stateFile) : null;
  if (saved && options.seed !== undefined && options.seed !== saved.seed)
    throw new Error(`${options.stateFile} was saved with seed ${saved.seed}, not ${options.seed}.`);
  const seed = saved?.seed ?? options.seed ?? 1;
  const engine = new Engine(seed, timers);
  if (options.historyDays !== undefined) engine.history.setDays(options.historyDays);
  const sightings = new Sightings();
  const rest = new BybitRest(engine, timers, sightings);
  const ws = new BybitWs(engine, timers, sightings);
  const cg = new CoinGeckoSim(engine);
  const control = createControl(engine, rest, ws, cg, sightings);
  const mainKey = saved ? saved.restore(engine) : engine.createKey({ balanceUsdt: '100000' });

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const path = pathOf(url);
    if (path === IDENTITY_PATH && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ simulator: 'synthex-bybit-simulator' }));
      return;
    }
    if (path.startsWith(CONTROL_PREFIX)) {
      const body = await readBody(req).catch(() => '');
      const out = handleControlRequest(control, path.slice(CONTROL_PREFIX.length), body);
      res.writeHead(out.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(out.body));
      return;
    }
    if (path === COINGECKO_PREFIX || path.startsWith(`${COINGECKO_PREFIX}/`)) {
      // The injected round trip applies to CoinGecko too, so a refresh is measured over one network.
      if (rest.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, rest.latencyMs));
      cg.handle(req, res, path.slice(COINGECKO_PREFIX.length), rawQueryOf(url));
      return;
    }
    const { env, path: bybitPath } = splitEnvironment(path);
    await rest.handle(req, res, bybitPath, rawQueryOf(url), env);
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      process.stderr.write(`[sim] request failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const { env, path } = splitEnvironment(pathOf(req.url ?? '/'));
    if (!ws.upgrade(req, socket, head, path, env)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  // A restarted simulator keeps its address when it can (the app stored it with the key).
  await listen(options.port ?? saved?.port ?? 0).catch((error: NodeJS.ErrnoException) => {
    if (options.port !== undefined || !saved || error.code !== 'EADDRINUSE') throw error;
    return listen(0);
  });
  const port = (server.address() as AddressInfo).port;
  const state = options.stateFile
    ? keepSimState(engine, options.stateFile, { seed, mainApiKey: mainKey.apiKey, port })
    : null;

  const tickMs = options.tickIntervalMs ?? 100;
  const ticker =
    tickMs > 0
      ? setInterval(() => {
          engine.market.walk();
          matchRestingOrders(engine);
          checkLiquidations(engine);
          checkTradingStops(engine);
          // A clock skew set after a delisting was scheduled takes effect here.
          engine.delistings.settleDue();
          ws.publishDeltas();
        }, tickMs)
      : null;
  ticker?.unref();
  const idleSweep = setInterval(() => ws.cutIdle(Date.now()), 30_000);
  idleSweep.unref();
  if (options.fundingPeriodMs) engine.funding.setPeriod(options.fundingPeriodMs);
  if (options.lookupLag !== undefined)
    engine.lookupLag.set(
      typeof options.lookupLag === 'number' ? { ms: options.lookupLag } : options.lookupLag,
    );
  engine.funding.start();

  let closed = false;
  return {
    rest: `http://${host}:${port}`,
    ws: `ws://${host}:${port}`,
    coingecko: `http://${host}:${port}${COINGECKO_PREFIX}`,
    apiKey: mainKey.apiKey,
    apiSecret: mainKey.apiSecret,
    control,
    async close() {
      if (closed) return;
      closed = true;
      state?.close();
      if (ticker) clearInterval(ticker);
      clearInterval(idleSweep);
      engine.funding.stop();
      engine.delistings.stop();
      timers.clear();
      rest.close();
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
