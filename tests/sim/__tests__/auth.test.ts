import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../index';
import { rest, signedFetch } from './helpers';

let sim: Simulator;

/**
 * Bybit answers 10003 and 10004 with HTTP 401 (the SDK rejects with `{code, body}`), everything else with
 * HTTP 200 (the SDK resolves): the status and the envelope either way.
 */
async function answer(call: Promise<{ retCode: number; retMsg: string }>) {
  try {
    const res = await call;
    return { status: 200, retCode: res.retCode, retMsg: res.retMsg };
  } catch (thrown) {
    const e = thrown as { code: number; body: { retCode: number; retMsg: string } };
    return { status: e.code, retCode: e.body.retCode, retMsg: e.body.retMsg };
  }
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => {
  await sim.close();
});

describe('REST authentication (docs/bybit-v5.md §1)', () => {
  it('accepts the SDK signature and answers in the envelope', async () => {
    const res = await rest(sim).getWalletBalance({ accountType: 'UNIFIED' });
    expect(res.retCode).toBe(0);
    expect(res.retMsg).toBe('OK');
    expect(res.retExtInfo).toEqual({});
    expect(typeof res.time).toBe('number');
    expect(res.result.list[0]?.totalWalletBalance).toBe('100000');
  });

  it('verifies GET signatures over the raw query string, in the order sent', async () => {
    const query = 'category=linear&symbol=BTCUSDT';
    const ok = await signedFetch(sim, { method: 'GET', path: '/v5/position/list', query });
    expect(ok.json?.retCode).toBe(0);
    // Same params, signed in another order: the raw string differs, so the signature is wrong.
    const reordered = await signedFetch(sim, {
      method: 'GET',
      path: '/v5/position/list',
      query,
      signOver: 'symbol=BTCUSDT&category=linear',
    });
    expect([reordered.status, reordered.json?.retCode]).toEqual([401, 10004]);
    expect(String(reordered.json?.retMsg)).toMatch(/^error sign! origin_string\[/);
  });

  it('verifies POST signatures over the raw body bytes', async () => {
    const body = '{"category":"linear","symbol":"BTCUSDT","buyLeverage":"5","sellLeverage":"5"}';
    const spaced = '{"category": "linear","symbol":"BTCUSDT","buyLeverage":"5","sellLeverage":"5"}';
    const bad = await signedFetch(sim, {
      method: 'POST',
      path: '/v5/position/set-leverage',
      body,
      signOver: spaced,
    });
    expect([bad.status, bad.json?.retCode]).toEqual([401, 10004]);
    const good = await signedFetch(sim, { method: 'POST', path: '/v5/position/set-leverage', body });
    expect(good.json?.retCode).toBe(0);
  });

  const now = () => Date.now();
  it.each([
    { name: 'timestamp older than recv_window', ts: () => now() - 6000, rw: 5000 },
    { name: 'timestamp 1 s or more in the future', ts: () => now() + 1500, rw: 5000 },
    { name: 'tiny recv_window', ts: () => now() - 200, rw: 100 },
  ])('rejects $name with 10002 and the documented message', async ({ ts, rw }) => {
    const t = ts();
    const res = await signedFetch(sim, {
      method: 'GET',
      path: '/v5/account/wallet-balance',
      query: 'accountType=UNIFIED',
      timestamp: t,
      recvWindow: rw,
    });
    expect(res.json?.retCode).toBe(10002);
    expect(String(res.json?.retMsg)).toMatch(
      new RegExp(
        `^invalid request, please check your server timestamp or recv_window param\\. req_timestamp\\[${t}\\],server_timestamp\\[\\d+\\],recv_window\\[${rw}\\]$`,
      ),
    );
    expect(res.json?.result).toEqual({});
  });

  it('applies the server clock skew from control.clock.offsetMs', async () => {
    sim.control.clock.offsetMs = 60_000;
    try {
      const skewed = await rest(sim).getWalletBalance({ accountType: 'UNIFIED' });
      expect(skewed.retCode).toBe(10002);
      const time = await rest(sim).getServerTime();
      expect(Number(time.result.timeSecond) * 1000).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      sim.control.clock.offsetMs = 0;
    }
  });

  it('table of key rejections', async () => {
    const readOnly = sim.control.createKey({ readOnly: true });
    const demo = sim.control.createKey({ environment: 'demo' });
    const expired = sim.control.createKey({ expiresAt: '2020-01-01T00:00:00Z' });
    const cases = [
      {
        name: 'unknown key',
        key: { apiKey: 'nosuchkey123456789', apiSecret: 'x' },
        code: 10003,
        status: 401,
        msg: 'API key is invalid.',
      },
      { name: 'wrong secret', key: { apiKey: sim.apiKey, apiSecret: 'wrong' }, code: 10004, status: 401 },
      { name: 'demo key on mainnet', key: demo, code: 10003, status: 401, msg: 'API key is invalid.' },
      {
        name: 'read-only key on a write',
        key: readOnly,
        code: 10005,
        status: 200,
        msg: 'Permission denied, please check your API key permissions.',
      },
      { name: 'expired key', key: expired, code: 33004, status: 200 },
    ];
    for (const c of cases) {
      const res = await answer(
        rest(sim, c.key).setLeverage({
          category: 'linear',
          symbol: 'ETHUSDT',
          buyLeverage: '3',
          sellLeverage: '3',
        }),
      );
      expect([res.status, res.retCode], c.name).toEqual([c.status, c.code]);
      if (c.msg) expect(res.retMsg, c.name).toBe(c.msg);
    }
    // A read-only key may still read.
    expect((await rest(sim, readOnly).getWalletBalance({ accountType: 'UNIFIED' })).retCode).toBe(0);
  });

  it('verifies RSA keys (base64 PKCS#1 v1.5) by key type, for REST and WS auth', async () => {
    const rsaKey = sim.control.createKey({ rsa: true });
    expect(rsaKey.apiSecret).toContain('PRIVATE KEY');
    const res = await rest(sim, rsaKey).getWalletBalance({ accountType: 'UNIFIED' });
    expect(res.retCode).toBe(0);
    const hmacSigned = await signedFetch(sim, {
      method: 'GET',
      path: '/v5/account/wallet-balance',
      query: 'accountType=UNIFIED',
      key: { apiKey: rsaKey.apiKey, apiSecret: 'not-the-key' },
    });
    expect([hmacSigned.status, hmacSigned.json?.retCode]).toEqual([401, 10004]);
  });

  it('answers HTTP 401 when auth headers are missing', async () => {
    const res = await fetch(`${sim.rest}/v5/account/wallet-balance?accountType=UNIFIED`);
    expect(res.status).toBe(401);
  });

  it('serves the demo environment under /demo, where query-api answers 10032', async () => {
    const demo = sim.control.createKey({ environment: 'demo' });
    const client = rest(sim, demo, { baseUrl: `${sim.rest}/demo` });
    const wallet = await client.getWalletBalance({ accountType: 'UNIFIED' });
    expect(wallet.retCode).toBe(0);
    const q = await client.getQueryApiKey();
    expect(q.retCode).toBe(10032);
    expect(q.retMsg).toBe('Demo trading are not supported.');
    // The mainnet key is unknown on the demo host.
    expect((await answer(rest(sim, sim, { baseUrl: `${sim.rest}/demo` }).getQueryApiKey())).retCode).toBe(
      10003,
    );
  });

  it('accountOf: a second key (here read-only) sees the same account; testnet keys live under /testnet', async () => {
    const owner = sim.control.createKey({ balanceUsdt: '777' });
    const watcher = sim.control.createKey({ accountOf: owner.apiKey, readOnly: true });
    await rest(sim, owner).submitOrder({
      category: 'linear',
      symbol: 'ETHUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
    });
    const seen = await rest(sim, watcher).getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
    expect(seen.result.list.map((p) => [p.symbol, p.size])).toEqual([['ETHUSDT', '0.01']]);
    const testnet = sim.control.createKey({ environment: 'testnet' });
    expect(await answer(rest(sim, testnet).getQueryApiKey())).toMatchObject({ status: 401, retCode: 10003 });
    expect((await rest(sim, testnet, { baseUrl: `${sim.rest}/testnet` }).getQueryApiKey()).retCode).toBe(0);
  });

  it('query-api describes permissions, IP binding and expiry', async () => {
    const res = await rest(sim).getQueryApiKey();
    expect(res.retCode).toBe(0);
    expect(res.retMsg).toBe('');
    expect(res.result.readOnly).toBe(0);
    expect(res.result.permissions.ContractTrade).toEqual(['Order', 'Position']);
    expect(res.result.permissions.Wallet).not.toContain('Withdraw');
    const bound = sim.control.createKey({ readOnly: true, withdraw: true, ipRestricted: true });
    const b = await rest(sim, bound).getQueryApiKey();
    expect(b.result.readOnly).toBe(1);
    expect(b.result.ips).toEqual(['127.0.0.1']);
    expect(b.result.expiredAt).toBe('1970-01-01T00:00:00Z');
    expect(b.result.permissions.Wallet).toContain('Withdraw');
  });

  it('answers 404 for an unknown path and 400 for a wrong method', async () => {
    expect((await fetch(`${sim.rest}/v5/nope`)).status).toBe(404);
    expect((await fetch(`${sim.rest}/v5/market/time`, { method: 'POST' })).status).toBe(400);
  });
});
