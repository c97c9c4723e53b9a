// `npm start` needs Electron's binary. Dependency install scripts are off (see .npmrc), so fetch it here,
// once, with Electron's own installer; explain plainly when that is impossible (no access to GitHub).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const installed =
  existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));

if (!installed) {
  console.error('Fetching the Electron binary (first start only)…');
  try {
    execFileSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  } catch {
    console.error(
      '\nCould not download Electron. The desktop app needs it once from github.com (or set ELECTRON_MIRROR).\n' +
        'Without it, run Synthex headless instead: npm run serve',
    );
    process.exit(1);
  }
}
