import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('npm run sim (tests/sim/cli.ts)', () => {
  it('prints exactly one JSON line when ready, serves it, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/sim/cli.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const info = JSON.parse(first) as Record<string, string>;
      expect(Object.keys(info).sort()).toEqual(['apiKey', 'apiSecret', 'coingecko', 'rest', 'ws']);
      expect(info.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const time = (await (await fetch(`${info.rest}/v5/market/time`)).json()) as { retCode: number };
      expect(time.retCode).toBe(0);
      const cg = await fetch(`${info.coingecko}/api/v3/coins/markets?vs_currency=usd&per_page=1`);
      expect(cg.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
