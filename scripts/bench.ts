/**
 * `npm run bench`: every benchmark section in scripts/bench/, one after another in one run, so the
 * ratios each section prints compare numbers measured on the same machine at the same time.
 * A section is a module whose default export is `(report: (line: string) => void) => Promise<void>`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

type Section = (report: (line: string) => void) => Promise<void>;

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

for (const file of files) {
  const section = (await import(pathToFileURL(join(dir, file)).href)) as { default: Section };
  console.log(`\n## ${file.replace(/\.ts$/, '')}`);
  await section.default((line) => console.log(line));
}
