// `npm run build`: the desktop bundles (electron-vite) and headless mode (vite), then the stamp that
// lets `npm run serve` skip a build when nothing changed. `--quiet` keeps the bundlers' output to
// itself unless the build fails (then it is all printed, on stderr).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceHash, writeStamp } from './build-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** A package's command-line entry, found through its package.json (its `exports` hide the file). */
function binOf(name) {
  const manifestPath = require.resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return join(dirname(manifestPath), typeof bin === 'string' ? bin : bin[name]);
}

/** Builds `out/`; throws with the bundlers' output when a step fails. */
export function build({ quiet = false } = {}) {
  // Hashed before building: an edit made during the build leaves the stamp stale, not falsely fresh.
  const sources = sourceHash(root);
  const steps = [
    [binOf('electron-vite'), 'build'],
    [binOf('vite'), 'build', '--config', 'vite.headless.config.ts'],
  ];
  for (const args of steps) {
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      stdio: quiet ? 'pipe' : 'inherit',
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      const output = quiet ? `${result.stdout ?? ''}${result.stderr ?? ''}` : '';
      throw new Error(`The build failed (${args.slice(1).join(' ')}).\n${output}`);
    }
  }
  writeStamp(root, sources);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build({ quiet: process.argv.includes('--quiet') });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
