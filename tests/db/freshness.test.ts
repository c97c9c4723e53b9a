import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDbTypes, TYPES_FILES } from '../../scripts/db-types';
import { ALEMBIC_SECTIONS, renderMigrations } from '../../scripts/render-migrations';
import { makeTempDir, migrationsDir, removeTempDirs, repoRoot } from './db-test-helpers';

afterAll(removeTempDirs);

const read = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
  );

describe('generated database artefacts are fresh', () => {
  it('resources/migrations matches a fresh Alembic render (run `npm run migrations:render`)', () => {
    const out = makeTempDir('synthex-render-');
    renderMigrations(out);
    for (const section of ALEMBIC_SECTIONS) {
      expect(read(join(migrationsDir, section)), section).toEqual(read(join(out, section)));
    }
  });

  it('the Kysely types match kysely-codegen on the migrated schema (run `npm run db:types`)', async () => {
    const out = makeTempDir('synthex-types-');
    await generateDbTypes(out, migrationsDir);
    for (const file of Object.values(TYPES_FILES)) {
      expect(readFileSync(join(repoRoot, 'electron', 'core', 'db', file), 'utf8'), file).toBe(
        readFileSync(join(out, file), 'utf8'),
      );
    }
  });
});
