// Whether `out/` was built from the sources as they are now. The stamp is a hash of every input's path
// and content, not of timestamps, so it stays right after a `git pull`, a branch switch or a clock
// change: any edit to a source, a config or the lockfile means a rebuild, and nothing else does.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const inputDirs = ['electron', 'renderer', 'shared'];
export const inputFiles = [
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'vite.headless.config.ts',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'scripts/rollup-warnings.ts',
];
/** What a start needs from the build; a missing one means the build did not finish. */
export const outputs = ['out/headless/index.js', 'out/headless/poller.js', 'out/renderer/index.html'];

const stampPath = (root) => join(root, 'out', 'build-stamp.json');

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

export function sourceHash(root) {
  const files = [
    ...inputDirs.flatMap((dir) => (existsSync(join(root, dir)) ? listFiles(join(root, dir)) : [])),
    ...inputFiles.map((file) => join(root, file)).filter((file) => existsSync(file)),
  ]
    .map((file) => relative(root, file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Null when `out/` matches the sources; otherwise why a build is needed, in words. */
export function staleReason(root) {
  const missing = outputs.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(root), 'utf8'));
  } catch {
    return 'no build stamp';
  }
  return stamp.sources === sourceHash(root) ? null : 'the sources changed since the last build';
}

export function writeStamp(root, sources) {
  writeFileSync(stampPath(root), `${JSON.stringify({ sources, builtAt: new Date().toISOString() })}\n`);
}
