import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputs, sourceHash, staleReason, writeStamp } from '../../scripts/build-stamp.mjs';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'synthex-stamp-'));
  const files: Record<string, string> = {
    'package.json': '{}',
    'package-lock.json': '{}',
    'electron/headless/index.ts': 'export {};',
    'renderer/src/App.tsx': 'export {};',
    'shared/contract/index.ts': 'export {};',
    'tests/unrelated.test.ts': 'a test is not an input of the build',
  };
  for (const output of outputs) files[output] = 'built';
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('the build stamp behind npm run serve', () => {
  it('is stale until a build stamps it, then fresh until an input changes', () => {
    const root = tree();
    expect(staleReason(root)).toBe('no build stamp');
    writeStamp(root, sourceHash(root));
    expect(staleReason(root)).toBeNull();

    // A git pull that changes a source: rebuild.
    writeFileSync(join(root, 'renderer/src/App.tsx'), 'export const changed = 1;');
    expect(staleReason(root)).toBe('the sources changed since the last build');
    writeStamp(root, sourceHash(root));

    // A pull that adds a file, or changes the lockfile: rebuild.
    writeFileSync(join(root, 'shared/contract/new-channel.ts'), 'export {};');
    expect(staleReason(root)).toMatch(/sources changed/);
    writeStamp(root, sourceHash(root));
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(staleReason(root)).toMatch(/sources changed/);
    writeStamp(root, sourceHash(root));

    // Timestamps alone (a checkout that rewrote identical files) and files outside the build do not.
    utimesSync(join(root, 'electron/headless/index.ts'), new Date(), new Date(Date.now() + 60_000));
    writeFileSync(join(root, 'tests/unrelated.test.ts'), 'edited');
    expect(staleReason(root)).toBeNull();
  });

  it('is stale when an output is missing, whatever the stamp says', () => {
    const root = tree();
    writeStamp(root, sourceHash(root));
    writeFileSync(join(root, 'out/build-stamp.json'), '{"sources":"not json');
    expect(staleReason(root)).toBe('no build stamp');
    const other = tree();
    writeStamp(other, sourceHash(other));
    rmSync(join(other, 'out/headless/poller.js'));
    expect(staleReason(other)).toBe('out/headless/poller.js is missing');
  });
});
