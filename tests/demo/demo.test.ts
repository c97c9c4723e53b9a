import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RestClientV5 } from 'bybit-api';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal';
import { connectContract, type ContractClient } from '../support/headless-process';
import { waitFor } from '../support/wait-for';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface DemoLine {
  url: string;
  dataDir: string;
  simulator: string;
  simulatorKey: { apiKey: string; apiSecret: string };
}

/** Demos still running: stopped after the tests even when one failed half-way. */
const running = new Set<ChildProcess>();

/** `npm run demo` as a real process: its one stdout line, and a way to stop it as Ctrl+C would. */
async function startDemo(
  args: string[],
): Promise<{ line: DemoLine; stderr: () => string; stop(): Promise<number | null> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--port', '0', ...args],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A test that fails half-way still stops its demo (and with it the app and the simulator).
  running.add(child);
  void exited.then(() => running.delete(child));
  const text = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${stderr}`)));
  });
  return {
    line: JSON.parse(text) as DemoLine,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const status = (client: ContractClient, id: number) =>
  client.invoke('positions.get', { id }).then((d) => d.position.status);

async function waitForStatus(client: ContractClient, id: number, wanted: string): Promise<void> {
  await waitFor(async () => (await status(client, id)) === wanted, { timeoutMs: 60_000, intervalMs: 200 });
}

/** The simulator account's non-zero positions, as Bybit lists them to the key's owner. */
async function simPositions(line: DemoLine): Promise<Map<string, string>> {
  const client = new RestClientV5({
    key: line.simulatorKey.apiKey,
    secret: line.simulatorKey.apiSecret,
    baseUrl: line.simulator,
  });
  const { result } = await client.getPositionInfo({ category: 'linear', settleCoin: 'USDT' });
  return new Map(
    result.list
      .filter((p) => !new Dec(p.size).isZero())
      .map((p) => [p.symbol, (p.side === 'Sell' ? new Dec(p.size).neg() : new Dec(p.size)).toFixed()]),
  );
}

const kept: string[] = [];
afterAll(async () => {
  await Promise.all(
    [...running].map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
});

/** `npm run demo` as a newcomer runs it: a funded profile on the simulator, ready to open and close. */
describe('npm run demo', () => {
  it(
    'prints a URL where a position can be opened and closed, and cleans up on SIGTERM',
    async () => {
      const demo = await startDemo([]);
      expect(demo.stderr()).toContain('Synthex demo is ready');
      const client = await connectContract(demo.line.url);
      try {
        const { activeProfileId, profiles } = await client.invoke('profiles.list', {});
        expect(profiles.find((p) => p.id === activeProfileId)?.name).toBe('Demo trader');
        const status = await client.invoke('credentials.get', {});
        expect(status.credential?.monitorOnly).toBe(false);
        const { position } = await client.invoke('positions.open', {
          requestId: crypto.randomUUID(),
          indexId: 'top10-equal',
          usdtSize: '1000',
          direction: 'long',
        });
        await waitForStatus(client, position.id, 'ACTIVE');
        await client.invoke('positions.close', { id: position.id });
        await waitForStatus(client, position.id, 'CLOSED');
      } finally {
        client.close();
      }
      expect(await demo.stop()).toBe(0);
      expect(existsSync(demo.line.dataDir)).toBe(false);
    },
    5 * 60_000,
  );

  it(
    'started twice on one --data-dir, the second start opens: the position is there, on the same simulator account, and Close works',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'synthex-demo-kept-'));
      kept.push(dataDir);
      const first = await startDemo(['--data-dir', dataDir]);
      let id: number;
      let held: Map<string, string>;
      const firstClient = await connectContract(first.line.url);
      try {
        const { position } = await firstClient.invoke('positions.open', {
          requestId: crypto.randomUUID(),
          indexId: 'top5-equal',
          usdtSize: '1000',
          direction: 'long',
        });
        id = position.id;
        await waitForStatus(firstClient, id, 'ACTIVE');
        held = await simPositions(first.line);
        const legs = (await firstClient.invoke('positions.get', { id })).components;
        expect(held).toEqual(new Map(legs.map((c) => [c.symbol, c.heldQuantity])));
      } finally {
        firstClient.close();
      }
      expect(await first.stop()).toBe(0);
      expect(statSync(join(dataDir, 'demo', 'vault-passphrase')).mode & 0o777).toBe(0o600);

      const second = await startDemo(['--data-dir', dataDir]);
      const client = await connectContract(second.line.url);
      try {
        expect(second.stderr()).toContain('Synthex demo is ready');
        // The same simulator account: its key, and on it exactly what the position holds.
        expect(second.line.simulatorKey).toEqual(first.line.simulatorKey);
        expect(await simPositions(second.line)).toEqual(held);
        const detail = await client.invoke('positions.get', { id });
        expect(detail.position.status).toBe('ACTIVE');
        expect(detail.position.isAltered).toBe(false);
        await client.invoke('positions.close', { id });
        await waitForStatus(client, id, 'CLOSED');
        expect(await simPositions(second.line)).toEqual(new Map());
        expect((await client.invoke('positions.get', { id })).position.isAltered).toBe(false);
      } finally {
        client.close();
      }
      expect(await second.stop()).toBe(0);
      expect(existsSync(dataDir)).toBe(true); // a named data dir is the trader's to keep
    },
    8 * 60_000,
  );
});
