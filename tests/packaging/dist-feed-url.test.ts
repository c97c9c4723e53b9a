import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm run dist` builds the feed URL into every installer, which then trusts what the feed serves: a
 * missing or non-https SYNTHEX_UPDATE_URL is refused before anything is packaged (loopback http, for a
 * local test feed, is let through). The script is run exactly as package.json runs it after the build.
 */
const distCommand = 'node --import tsx scripts/dist.mjs';

function dist(url: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.SYNTHEX_UPDATE_URL;
  if (url !== undefined) env.SYNTHEX_UPDATE_URL = url;
  const [node, ...args] = distCommand.split(' ');
  return spawnSync(node!, args, { env, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run dist', () => {
  it('runs the checked script after the build', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.dist).toBe(`npm run --silent build && ${distCommand}`);
  });

  it.each([
    ['http://updates.example.com/synthex/', 'The update feed http://updates.example.com is not https://'],
    ['ftp://updates.example.com/', 'The update feed ftp://updates.example.com is not https://'],
    ['updates.example.com', 'The update feed "updates.example.com" is not a URL'],
    [undefined, 'SYNTHEX_UPDATE_URL is not set'],
    ['  ', 'SYNTHEX_UPDATE_URL is not set'],
  ])('refuses the feed %j before packaging anything', (url, message) => {
    const run = dist(url);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`npm run dist: ${message}`);
    expect(run.stdout).toBe(''); // neither the Postgres links nor electron-builder were reached
  });
});
