import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectContract } from '../support/headless-process';
import { waitFor } from '../support/wait-for';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run demo` as a newcomer runs it: a funded profile on the simulator, ready to open and close. */
describe('npm run demo', () => {
  it(
    'prints a URL where a position can be opened and closed, and cleans up on SIGTERM',
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--port', '0'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${stderr}`)));
      });
      const { url, dataDir } = JSON.parse(line) as { url: string; dataDir: string };
      expect(stderr).toContain('Synthex demo is ready');
      const client = await connectContract(url);
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
        const state = (id: number) => client.invoke('positions.get', { id }).then((d) => d.position.status);
        await waitFor(async () => (await state(position.id)) === 'ACTIVE', {
          timeoutMs: 60_000,
          intervalMs: 200,
        });
        await client.invoke('positions.close', { id: position.id });
        await waitFor(async () => (await state(position.id)) === 'CLOSED', {
          timeoutMs: 60_000,
          intervalMs: 200,
        });
      } finally {
        client.close();
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect(existsSync(dataDir)).toBe(false);
    },
    5 * 60_000,
  );
});
