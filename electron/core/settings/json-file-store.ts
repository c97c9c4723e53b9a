import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../util/logger';
import type { SettingsStore } from './settings-store';

/**
 * Settings as one JSON file, written atomically (temp file, fsync, rename) so a crash mid-write
 * leaves either the old or the new file, never half of one. A corrupt file is moved aside, not lost.
 */
export function jsonFileSettingsStore(path: string, logger: Logger): SettingsStore {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const aside = `${path}.corrupt-${Date.now()}`;
        renameSync(path, aside);
        logger.warn('settings file was not valid JSON; moved aside, using defaults', { aside });
        return undefined;
      }
    },
    save(value) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(value, null, 2) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
    },
  };
}
