import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger, logFileName } from '../../electron/main/file-logger';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';

/** The desktop's log files, written by the real electron-log (its Node entry) into a temp folder. */
afterAll(() => removeTempDirs());

describe('desktop log files', () => {
  it('are the same redacted JSON lines as headless mode, owner-only', () => {
    const directory = makeTempDir('synthex-logs-');
    const logger = createFileLogger({ directory, scope: 'main' });
    logger.info('started', { version: '1.0.0' });
    logger.error('database refused', {
      url: 'postgresql://synthex:hunter2-secret@db.example/user',
      nested: { apiSecret: 'x' },
    });
    const lines = readFileSync(join(directory, logFileName), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', scope: 'main', message: 'started', version: '1.0.0' }),
      expect.objectContaining({
        level: 'error',
        message: 'database refused',
        url: 'postgresql://synthex:[redacted]@db.example/user',
        nested: { apiSecret: '[redacted]' },
      }),
    ]);
    expect(statSync(join(directory, logFileName)).mode & 0o777).toBe(0o600);
  });

  it('are rotated by size, keeping the newest files', () => {
    const directory = makeTempDir('synthex-logs-');
    const logger = createFileLogger({ directory, scope: 'main', maxBytes: 2_000, keep: 3 });
    for (let i = 0; i < 200; i++) logger.info('line', { i, padding: 'x'.repeat(40) });
    const files = readdirSync(directory).sort();
    expect(files).toEqual([logFileName, 'synthex.1.log', 'synthex.2.log', 'synthex.3.log'].sort());
    for (const file of files) expect(statSync(join(directory, file)).size).toBeLessThan(2_200);
    const last = readFileSync(join(directory, logFileName), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ i: 199 });
    const newestRotated = readFileSync(join(directory, 'synthex.1.log'), 'utf8').trim().split('\n');
    const oldestRotated = readFileSync(join(directory, 'synthex.3.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(oldestRotated[0]!).i).toBeLessThan(JSON.parse(newestRotated[0]!).i);
  });
});
