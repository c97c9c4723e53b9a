/**
 * `npm run migrations:render [-- --out <dir>]`: renders every Alembic revision of both databases with
 * Alembic's offline mode into `resources/migrations/<database>/`, one SQL file per revision, plus a
 * manifest (revision, down revision, sha256) that the app's migrator checks before applying anything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256, type MigrationManifest } from '../electron/core/db/migration-manifest';

export const ALEMBIC_SECTIONS = ['user_data', 'general_data'] as const;
const root = fileURLToPath(new URL('..', import.meta.url));
const alembicIni = join(root, 'alembic', 'alembic.ini');
/** Debian's interpreter, which has python3-alembic; the python3 first on PATH may be another one. */
export const python = process.env.SYNTHEX_PYTHON ?? '/usr/bin/python3';

function run(args: string[]): string {
  // No database URL: offline rendering needs only the dialect, and output must not depend on the env.
  const env = { ...process.env, SYNTHEX_USER_DB_URL: '', SYNTHEX_GENERAL_DB_URL: '' };
  return execFileSync(python, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function listRevisions(section: string): { revision: string; down_revision: string | null }[] {
  return run([join(root, 'alembic', 'revisions.py'), alembicIni, section])
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { revision: string; down_revision: string | null });
}

export function renderMigrations(outDir: string): void {
  for (const section of ALEMBIC_SECTIONS) {
    const dir = join(outDir, section);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const manifest: MigrationManifest = { database: section, head: null, revisions: [] };
    listRevisions(section).forEach((rev, index) => {
      const range = `${rev.down_revision ?? 'base'}:${rev.revision}`;
      const sql = run(['-m', 'alembic', '-c', alembicIni, '-n', section, 'upgrade', range, '--sql']);
      const file = `${String(index + 1).padStart(4, '0')}_${rev.revision}.sql`;
      writeFileSync(join(dir, file), sql);
      manifest.revisions.push({
        revision: rev.revision,
        downRevision: rev.down_revision,
        file,
        sha256: sha256(sql),
      });
      manifest.head = rev.revision;
    });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = resolve(
    outFlag >= 0 ? (process.argv[outFlag + 1] ?? '') : join(root, 'resources', 'migrations'),
  );
  renderMigrations(outDir);
  console.log(`rendered migrations into ${outDir}`);
}
