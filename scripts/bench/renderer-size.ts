/**
 * What a browser tab downloads before the first paint: the entry script and the modules it preloads,
 * in gzip bytes, as index.html names them. The other pages are chunks loaded when first opened.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureBuilt } from './support/child-line';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = join(root, 'out', 'renderer');
const goalBytes = 150 * 1024;

const gzipBytes = (file: string) => gzipSync(readFileSync(join(rendererDir, file)), { level: 9 }).length;

export default async function bench(report: (line: string) => void): Promise<void> {
  await ensureBuilt(root);
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const initial = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\.\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.\/([^"]+)"/g),
  ].map((match) => match[1]!);
  if (initial.length === 0) throw new Error('index.html names no module script');
  const initialBytes = initial.reduce((sum, file) => sum + gzipBytes(file), 0);
  const chunks = readdirSync(join(rendererDir, 'assets')).filter((file) => file.endsWith('.js'));
  const allBytes = chunks.reduce((sum, file) => sum + gzipBytes(join('assets', file)), 0);
  report(`renderer JavaScript, gzip -9 bytes`);
  report(
    `  initial (before first paint)  ${initialBytes} B = ${(initialBytes / 1024).toFixed(1)} KB in ${initial.length} file(s); goal <= 150 KB: ${initialBytes <= goalBytes ? 'met' : 'NOT met'}`,
  );
  report(`  all chunks                    ${allBytes} B in ${chunks.length} files`);
}
