import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from './bybit/engine';
import { rawQueryOf, readBody } from './bybit/http-util';
import type { Environment } from './bybit/keys';
import { checkLiquidations } from './bybit/liquidation';
import { matchRestingOrders } from './bybit/matching';
import { BybitRest } from './bybit/rest';
import { TimerSet } from './bybit/timers';
import { BybitWs } from './bybit/ws';
import { CoinGeckoSim } from './coingecko/server';
import { createControl, handleControlRequest } from './control';
import type { Simulator, SimulatorOptions } from './types';

const CONTROL_PREFIX = '/__sim/';
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
  const engine = new Engine(options.seed ?? 1, timers);
  const rest = new BybitRest(engine, timers);
  const ws = new BybitWs(engine, timers);
  const cg = new CoinGeckoSim(engine);
  const control = createControl(engine, rest, ws, cg);
  const mainKey = engine.createKey({ balanceUsdt: '100000' });

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const path = pathOf(url);
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const tickMs = options.tickIntervalMs ?? 100;
  const ticker =
    tickMs > 0
      ? setInterval(() => {
          engine.market.walk();
          matchRestingOrders(engine);
          checkLiquidations(engine);
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
