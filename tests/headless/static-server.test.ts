import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../support/headless-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let base: string;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'synthex-static-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Synthex</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'synthex-secret.txt'), 'secret');
  harness = await startHarness({ rendererDir });
  base = `http://127.0.0.1:${harness.server.port}`;
});

afterAll(() => harness?.close());

describe('headless static server', () => {
  it('serves the page with the token or none (a reload of the clean address), never with another', async () => {
    // No token: the page's shell, which carries no data and reads the tab's token from sessionStorage.
    expect((await fetch(`${base}/`)).status).toBe(200);
    const stale = await fetch(`${base}/?token=nope`);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('open the URL that `npm run serve` printed');
    const page = await fetch(`${base}/?token=${harness.server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Synthex</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('serves build assets and nothing outside the renderer directory', async () => {
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/..%2F..%2Fsynthex-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  it('listens on loopback only', () => {
    expect(harness.server.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
});

describe('headless server start', () => {
  it('says plainly when the port is taken', async () => {
    const { startHeadlessServer } = await import('../../electron/headless/headless-server');
    const { silentLogger } = await import('../../electron/core/util/logger');
    await expect(
      startHeadlessServer({
        port: harness.server.port,
        rendererDir: tmpdir(),
        core: harness.core,
        logger: silentLogger,
      }),
    ).rejects.toThrow(`Port ${harness.server.port} on 127.0.0.1 is in use`);
  });
});
