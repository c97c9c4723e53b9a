import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Simulator, startSimulator } from '../index';
import { waitFor } from './helpers';

/** With no price walk, the public stream ticks only when a test publishes: setPrice + publishTickers. */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, tickIntervalMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('publishTickers', () => {
  it('sends one delta per changed subscribed symbol at once, and nothing without a change', async () => {
    const socket = new WebSocket(`${sim.ws}/v5/public/linear`);
    const frames: { topic?: string; type?: string; data?: { markPrice?: string } }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 'subscribe', args: ['tickers.ETHUSDT'] }));
    await waitFor(() => frames.some((f) => f.type === 'snapshot'));
    sim.control.setPrice('ETHUSDT', '3500');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(frames.filter((f) => f.type === 'delta')).toHaveLength(0); // no walk: setPrice alone sends nothing
    sim.control.publishTickers();
    await waitFor(() => frames.some((f) => f.type === 'delta'));
    const deltas = frames.filter((f) => f.type === 'delta');
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ topic: 'tickers.ETHUSDT', data: { markPrice: '3500.00' } });
    sim.control.publishTickers();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(frames.filter((f) => f.type === 'delta')).toHaveLength(1);
    socket.terminate();
  });

  it('is a control route too', async () => {
    const response = await fetch(`${sim.rest}/__sim/publishTickers`, { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual({ ok: true, result: null });
  });
});
