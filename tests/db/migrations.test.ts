import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrationRefusedError, readManifest, sha256 } from '../../electron/core/db/migration-manifest';
import { migrateDatabase } from '../../electron/core/db/migrator';
import { silentLogger } from '../../electron/core/util/logger';
import {
  catalogSnapshot,
  makeTempDir,
  migrationsDir,
  query,
  runAlembic,
  versionRows,
} from './db-test-helpers';
import { useTestCluster } from './use-test-cluster';

const sections = ['user_data', 'general_data'] as const;
const server = useTestCluster();

const migrate = (connection: Parameters<typeof migrateDatabase>[0]['connection'], dir: string) =>
  migrateDatabase({ connection, dir, logger: silentLogger });

/**
 * The real user_data migrations plus two test revisions after its head, rendered the way Alembic
 * renders a later revision (UPDATE of alembic_version). The first sleeps so a second migrator
 * really waits on the lock; both log themselves so a double application would show.
 */
function migrationsWithTwoMore(): { dir: string; revisions: string[] } {
  const dir = join(makeTempDir('synthex-migrations-'), 'user_data');
  cpSync(join(migrationsDir, 'user_data'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Awaited<
    ReturnType<typeof readManifest>
  >;
  const head = manifest.head!;
  const extra = [
    {
      revision: 't0002_probe_log',
      sql:
        'CREATE TABLE probe_log (revision VARCHAR(32) NOT NULL);\n' +
        "SELECT pg_sleep(0.3);\nINSERT INTO probe_log VALUES ('t0002_probe_log');\n" +
        `UPDATE alembic_version SET version_num='t0002_probe_log' WHERE alembic_version.version_num = '${head}';\n`,
    },
    {
      revision: 't0003_probe_more',
      sql:
        "INSERT INTO probe_log VALUES ('t0003_probe_more');\n" +
        "UPDATE alembic_version SET version_num='t0003_probe_more' WHERE alembic_version.version_num = 't0002_probe_log';\n",
    },
  ];
  let previous = head;
  extra.forEach((rev, i) => {
    const file = `${String(manifest.revisions.length + 1 + i).padStart(4, '0')}_${rev.revision}.sql`;
    writeFileSync(join(dir, file), rev.sql);
    manifest.revisions.push({
      revision: rev.revision,
      downRevision: previous,
      file,
      sha256: sha256(rev.sql),
    });
    previous = rev.revision;
  });
  manifest.head = previous;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { dir, revisions: manifest.revisions.map((r) => r.revision) };
}

describe('parity between Alembic and the app migrator', () => {
  for (const section of sections) {
    it(`${section}: Alembic online and the app's migrator build identical catalogs`, async () => {
      const byAlembic = await server.createDatabase(`${section}_alembic`);
      const byApp = await server.createDatabase(`${section}_app`);
      await runAlembic(section, server.url(byAlembic), ['upgrade', 'head']);
      const result = await migrate(byApp, join(migrationsDir, section));
      const manifest = await readManifest(join(migrationsDir, section));
      const head = manifest.head;

      expect(result.applied).toEqual(manifest.revisions.map((revision) => revision.revision));
      expect(await versionRows(byAlembic)).toEqual([head]);
      expect(await versionRows(byApp)).toEqual([head]);
      const alembicCatalog = await catalogSnapshot(byAlembic);
      expect(alembicCatalog.relations!.length).toBeGreaterThan(1);
      expect(await catalogSnapshot(byApp)).toEqual(alembicCatalog);

      // Alembic sees the app-migrated database at head: nothing to do, nothing changes.
      await runAlembic(section, server.url(byApp), ['upgrade', 'head']);
      expect(await catalogSnapshot(byApp)).toEqual(alembicCatalog);
    });

    it(`${section}: Alembic downgrades to base and upgrades to head again; the app migrates from that base`, async () => {
      const db = await server.createDatabase(`${section}_roundtrip`);
      await runAlembic(section, server.url(db), ['upgrade', 'head']);
      const atHead = await catalogSnapshot(db);

      await runAlembic(section, server.url(db), ['downgrade', 'base']);
      expect(await versionRows(db)).toEqual([]);
      expect((await catalogSnapshot(db)).relations).toEqual(['alembic_version r']);

      await runAlembic(section, server.url(db), ['upgrade', 'head']);
      expect(await catalogSnapshot(db)).toEqual(atHead);

      // Base again, now with an empty alembic_version left behind: the app's migrator takes it from there.
      await runAlembic(section, server.url(db), ['downgrade', 'base']);
      await migrate(db, join(migrationsDir, section));
      expect(await catalogSnapshot(db)).toEqual(atHead);
    });
  }
});

describe('the app migrator', () => {
  it('is idempotent: a database at head is left alone', async () => {
    const db = await server.createDatabase('idempotent');
    const first = await migrate(db, join(migrationsDir, 'general_data'));
    const second = await migrate(db, join(migrationsDir, 'general_data'));
    const manifest = await readManifest(join(migrationsDir, 'general_data'));
    expect(first.applied).toEqual(manifest.revisions.map((revision) => revision.revision));
    expect(second).toEqual({ applied: [], revision: first.revision });
  });

  it('two migrators started at once both end at head, each revision applied once', async () => {
    const { dir, revisions } = migrationsWithTwoMore();
    const db = await server.createDatabase('concurrent');
    const results = await Promise.all([migrate(db, dir), migrate(db, dir)]);

    expect(results.map((r) => r.revision)).toEqual([revisions.at(-1), revisions.at(-1)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual([...revisions].sort());
    expect(await versionRows(db)).toEqual([revisions.at(-1)]);
    const log = await query<{ revision: string }>(db, 'SELECT revision FROM probe_log ORDER BY revision');
    expect(log.map((r) => r.revision)).toEqual(['t0002_probe_log', 't0003_probe_more']);
  });

  it('refuses a database at a newer revision and leaves it untouched', async () => {
    const { dir } = migrationsWithTwoMore();
    const db = await server.createDatabase('newer');
    await migrate(db, dir); // migrated by a "newer build" that knows two more revisions
    const before = await catalogSnapshot(db);

    const attempt = migrate(db, join(migrationsDir, 'user_data'));
    await expect(attempt).rejects.toBeInstanceOf(MigrationRefusedError);
    await expect(attempt).rejects.toThrow(/revision t0003_probe_more.*does not know.*update the app/s);
    expect(await catalogSnapshot(db)).toEqual(before);
    expect(await versionRows(db)).toEqual(['t0003_probe_more']);
  });

  it('refuses a migration file whose checksum changed, applying nothing', async () => {
    const dir = join(makeTempDir('synthex-migrations-'), 'general_data');
    cpSync(join(migrationsDir, 'general_data'), dir, { recursive: true });
    const file = join(dir, (await readManifest(dir)).revisions[0]!.file);
    writeFileSync(file, readFileSync(file, 'utf8') + '\nCREATE TABLE sneaky (id INTEGER);\n');
    const db = await server.createDatabase('checksum');

    await expect(migrate(db, dir)).rejects.toThrow(
      /does not match its checksum.*never edited.*migrations:render/s,
    );
    expect((await catalogSnapshot(db)).relations).toEqual([]);
  });

  it('rolls a failing revision back completely', async () => {
    const { dir } = migrationsWithTwoMore();
    const manifest = await readManifest(dir);
    const last = manifest.revisions.at(-1)!;
    const broken = "INSERT INTO probe_log VALUES ('t0003_probe_more');\nSELECT no_such_function();\n";
    writeFileSync(join(dir, last.file), broken);
    last.sha256 = sha256(broken);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const db = await server.createDatabase('failing');

    await expect(migrate(db, dir)).rejects.toThrow(/t0003_probe_more.*rolled back/);
    expect(await versionRows(db)).toEqual(['t0002_probe_log']);
    expect(await query(db, 'SELECT * FROM probe_log')).toEqual([{ revision: 't0002_probe_log' }]);
  });
});
