// `npm run serve`: headless mode, built first only when `out/` does not match the sources (see
// build-stamp.mjs). A normal start prints nothing but the app's own ready line and logs; a build
// says one line on stderr, and shows the bundlers' output only if it fails.
import { pathToFileURL, fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { staleReason } from './build-stamp.mjs';
import { build } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reason = staleReason(root);
if (reason) {
  process.stderr.write(`Building Synthex first (${reason})…\n`);
  try {
    build({ quiet: true });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
// Same process, same argv (`--port`, `--data-dir` follow the script name): no second Node start-up.
await import(pathToFileURL(join(root, 'out', 'headless', 'index.js')).href);
