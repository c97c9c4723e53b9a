import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SimKey, type Simulator, startSimulator } from '../index';
import { control, marketOrder, rest, waitFor } from './helpers';

interface Frame {
  id: string;
  topic: string;
  data: Record<string, unknown>[];
}

let sim: Simulator;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  // These tests read the books right after each action; lookup-lag.test.ts covers the lag itself.
  sim = await startSimulator({ seed: 61, tickIntervalMs: 0, lookupLag: 0 });
  sim.control.setPrice('BTCUSDT', '50000');
  sim.control.setRateLimit('/v5/order/create', 1000);
});
afterEach(() => {
  sim.control.clearPrivateStreamFaults();
  for (const s of sockets.splice(0)) s.terminate();
});
afterAll(async () => {
  await sim.close();
});

/** A raw authenticated private socket subscribed to `topics`, logging every topic frame in arrival order. */
async function privateFrames(key: SimKey, topics: string[]): Promise<Frame[]> {
  const ws = new WebSocket(`${sim.ws}/v5/private`);
  sockets.push(ws);
  const frames: Frame[] = [];
  const acks: Record<string, unknown>[] = [];
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as Record<string, unknown>;
    if (typeof m.topic === 'string') frames.push(m as unknown as Frame);
    else acks.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const expires = Date.now() + 5000;
  const sig = createHmac('sha256', key.apiSecret).update(`GET/realtime${expires}`).digest('hex');
  ws.send(JSON.stringify({ op: 'auth', args: [key.apiKey, expires, sig] }));
  await waitFor(() => acks.some((a) => a.op === 'auth' && a.success === true));
  ws.send(JSON.stringify({ req_id: 'sub', op: 'subscribe', args: topics }));
  await waitFor(() => acks.some((a) => a.op === 'subscribe' && a.success === true));
  return frames;
}

const execIds = (frames: Frame[]) =>
  frames.filter((f) => f.topic === 'execution').flatMap((f) => f.data.map((e) => e.execId as string));

async function restExecutions(key: SimKey): Promise<{ execId: string; seq: number; orderLinkId: string }[]> {
  const list = (await rest(sim, key).getExecutionList({ category: 'linear', symbol: 'BTCUSDT', limit: 100 }))
    .result.list;
  return list.map((e) => ({ execId: e.execId, seq: Number(e.seq), orderLinkId: e.orderLinkId })).reverse();
}

const settle = () => new Promise((r) => setTimeout(r, 400));

/** Two market buys (`<prefix>-1`, `<prefix>-2`) on a streamed account whose first execution push is dropped. */
async function twoBuysFirstExecutionDropped(key: SimKey, prefix: string) {
  const frames = await privateFrames(key, ['order', 'execution', 'position', 'wallet']);
  sim.control.privateStreamFaultNext({ topic: 'execution', kind: 'drop', apiKey: key.apiKey });
  const c = rest(sim, key);
  await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: `${prefix}-1` }));
  await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: `${prefix}-2` }));
  await waitFor(() => frames.filter((f) => f.topic === 'wallet').length === 2);
  await settle();
  return { frames, c };
}

describe('private stream faults', () => {
  it('a dropped execution push is still in /v5/execution/list; the next one arrives', async () => {
    const key = sim.control.createKey();
    const { frames } = await twoBuysFirstExecutionDropped(key, 'drop');
    const pushedLinks = frames.filter((f) => f.topic === 'execution').map((f) => f.data[0]?.orderLinkId);
    expect(pushedLinks).toEqual(['drop-2']);
    expect(frames.filter((f) => f.topic === 'order')).toHaveLength(2);
    expect((await restExecutions(key)).map((e) => e.orderLinkId)).toEqual(['drop-1', 'drop-2']);
  });

  it('sightings list the execution and position pushes that went out, not a dropped one, and position reads', async () => {
    const key = sim.control.createKey();
    const uid = (await rest(sim, key).getQueryApiKey()).result.userID;
    const { c } = await twoBuysFirstExecutionDropped(key, 'seen');
    const readAt = Date.now();
    await c.getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
    const mine = sim.control.sightings().filter((s) => s.uid === String(uid));
    const [dropped, pushed] = (await restExecutions(key)).map((e) => e.execId);
    expect(mine.filter((s) => s.via === 'execution').map((s) => s.execIds)).toEqual([[pushed]]);
    expect(mine.flatMap((s) => s.execIds)).not.toContain(dropped);
    const positions = mine.filter((s) => s.via === 'position');
    expect(positions).toHaveLength(2);
    expect(positions.every((s) => s.symbols?.join() === 'BTCUSDT' && s.stateAt !== null)).toBe(true);
    const reads = mine.filter((s) => s.via === '/v5/position/list');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ symbols: null, execIds: [] });
    expect(reads[0]!.stateAt).toBeGreaterThanOrEqual(readAt - 1000);
  });

  it('a duplicated push is the same frame twice; deduplicating by execId restores the truth', async () => {
    const key = sim.control.createKey();
    const frames = await privateFrames(key, ['execution']);
    sim.control.privateStreamFaultNext({ topic: 'execution', kind: 'duplicate', apiKey: key.apiKey });
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'dup-1' }));
    await waitFor(() => frames.length === 2);
    await settle();
    expect(frames).toHaveLength(2);
    expect(frames[1]).toEqual(frames[0]);
    expect([...new Set(execIds(frames))]).toEqual((await restExecutions(key)).map((e) => e.execId));
  });

  it('a reordered push arrives after the next one; ordering by seq restores the exchange order', async () => {
    const key = sim.control.createKey();
    const frames = await privateFrames(key, ['execution']);
    sim.control.privateStreamFaultNext({ topic: 'execution', kind: 'reorder', apiKey: key.apiKey });
    const c = rest(sim, key);
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'ro-1' }));
    await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: 'ro-2' }));
    await waitFor(() => frames.length === 2);
    const pushed = frames.map((f) => f.data[0] as { orderLinkId: string; seq: number });
    expect(pushed.map((e) => e.orderLinkId)).toEqual(['ro-2', 'ro-1']);
    const bySeq = [...pushed].sort((a, b) => a.seq - b.seq).map((e) => e.orderLinkId);
    expect(bySeq).toEqual((await restExecutions(key)).map((e) => e.orderLinkId));
  });

  it('a held frame with nothing after it still goes out, late', async () => {
    const key = sim.control.createKey();
    const frames = await privateFrames(key, ['position']);
    sim.control.privateStreamFaultNext({ topic: 'position', kind: 'reorder', apiKey: key.apiKey });
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001'));
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toHaveLength(0);
    await waitFor(() => frames.length === 1, 2000);
    expect(frames[0]?.data[0]).toMatchObject({ symbol: 'BTCUSDT', size: '0.001' });
  });

  it('seeded rates drop, duplicate and reorder deterministically; REST, execId and seq stay truthful', async () => {
    const run = async () => {
      const key = sim.control.createKey();
      const frames = await privateFrames(key, ['execution']);
      sim.control.setPrivateStreamFaults({
        seed: 7,
        drop: 0.25,
        duplicate: 0.25,
        reorder: 0.25,
        topics: ['execution'],
        apiKey: key.apiKey,
      });
      const c = rest(sim, key);
      for (let i = 0; i < 16; i++)
        await c.submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001', { orderLinkId: `r-${i}` }));
      await settle();
      return { key, frames };
    };
    const first = await run();
    const truth = await restExecutions(first.key);
    expect(truth).toHaveLength(16);
    const received = first.frames.map(
      (f) => f.data[0] as { execId: string; seq: number; orderLinkId: string },
    );
    const links = received.map((e) => e.orderLinkId);
    // Each fault shows up: a missing fill, a repeated one, one that came after a later one.
    expect(new Set(links).size).toBeLessThan(16);
    expect(links.length).toBeGreaterThan(new Set(links).size);
    expect(received.some((e, i) => i > 0 && e.seq < received[i - 1]!.seq)).toBe(true);
    // Deduplicated by execId and ordered by seq, what arrived is exactly the truth minus the drops.
    const unique = [...new Map(received.map((e) => [e.execId, e])).values()].sort((a, b) => a.seq - b.seq);
    expect(unique.map((e) => e.execId)).toEqual(
      truth.filter((t) => links.includes(t.orderLinkId)).map((t) => t.execId),
    );
    // The same seed over the same pushes gives the same faults.
    const second = await run();
    expect(second.frames.map((f) => f.data[0]?.orderLinkId)).toEqual(links);
  });

  it('over HTTP; invalid rates and unknown keys are refused; zero rates and clear turn faults off', async () => {
    const key = sim.control.createKey();
    const ok = async (name: string, body: unknown) => (await control(sim, name, body)).json.ok;
    expect(await ok('setPrivateStreamFaults', { drop: 1, topics: ['wallet'], apiKey: key.apiKey })).toBe(
      true,
    );
    expect(await ok('privateStreamFaultNext', { topic: 'order', kind: 'duplicate', count: 2 })).toBe(true);
    expect(await ok('clearPrivateStreamFaults', {})).toBe(true);
    for (const [name, body] of [
      ['setPrivateStreamFaults', { drop: 0.6, duplicate: 0.6 }],
      ['setPrivateStreamFaults', { drop: 1.5 }],
      ['setPrivateStreamFaults', { topics: ['tickers'] }],
      ['setPrivateStreamFaults', { drop: 0.1, apiKey: 'nope' }],
      ['privateStreamFaultNext', { topic: 'execution', kind: 'delay' }],
      ['privateStreamFaultNext', { topic: 'execution', kind: 'drop', count: 0 }],
    ] as const) {
      expect((await control(sim, name, body)).status, JSON.stringify(body)).toBe(400);
    }
    sim.control.setPrivateStreamFaults({ drop: 1 });
    sim.control.setPrivateStreamFaults({});
    const frames = await privateFrames(key, ['execution']);
    await rest(sim, key).submitOrder(marketOrder('BTCUSDT', 'Buy', '0.001'));
    await waitFor(() => frames.length === 1);
  });
});
