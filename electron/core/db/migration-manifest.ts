import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** `resources/migrations/<database>/manifest.json`, written by `npm run migrations:render`. */
export const manifestSchema = z.object({
  database: z.string(),
  head: z.string().nullable(),
  revisions: z.array(
    z.object({
      revision: z.string(),
      downRevision: z.string().nullable(),
      file: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type MigrationManifest = z.infer<typeof manifestSchema>;

export interface RenderedRevision {
  revision: string;
  downRevision: string | null;
  file: string;
  sql: string;
}

export class MigrationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefusedError';
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function readManifest(dir: string): Promise<MigrationManifest> {
  const path = join(dir, 'manifest.json');
  return manifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/**
 * Reads every rendered file and checks it against the manifest before anything touches a database:
 * a changed file, a broken chain or a wrong head refuses the whole set.
 */
export async function loadRenderedRevisions(dir: string): Promise<RenderedRevision[]> {
  const manifest = await readManifest(dir);
  const revisions: RenderedRevision[] = [];
  let previous: string | null = null;
  for (const entry of manifest.revisions) {
    if (entry.downRevision !== previous) {
      throw new MigrationRefusedError(
        `${dir}/manifest.json is not a single line of revisions (${entry.revision} follows ${entry.downRevision}, expected ${previous}). ` +
          'Re-render with `npm run migrations:render`.',
      );
    }
    const sql = await readFile(join(dir, entry.file), 'utf8');
    if (sha256(sql) !== entry.sha256) {
      throw new MigrationRefusedError(
        `Migration file ${join(dir, entry.file)} does not match its checksum in manifest.json: it changed after it was rendered. ` +
          'Landed revisions are never edited: restore the file, add a new Alembic revision for the change, and re-run `npm run migrations:render`.',
      );
    }
    revisions.push({ ...entry, sql });
    previous = entry.revision;
  }
  if (manifest.head !== previous) {
    throw new MigrationRefusedError(
      `${dir}/manifest.json names head ${manifest.head} but its last revision is ${previous}.`,
    );
  }
  return revisions;
}
