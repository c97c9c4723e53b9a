import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DataKeyStore, fromStoredDataKeyJson, toStoredDataKeyJson } from './data-key-store';

/**
 * Headless mode's data key store: one JSON file readable only by its owner (0600). Written to a temp
 * file, fsynced and renamed, so a crash leaves the old record or the new one, never half of one — losing
 * this file means losing every stored credential.
 */
export function fileDataKeyStore(path: string): DataKeyStore {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      // A damaged key file is kept in place (not moved aside): it may still be recoverable by hand.
      return fromStoredDataKeyJson(json, path);
    },

    async write(record) {
      const directory = dirname(path);
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const temp = `${path}.${process.pid}.tmp`;
      // O_EXCL would fail on a leftover temp from a crash; truncate it instead, but never follow a link.
      const handle = await open(
        temp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
        0o600,
      );
      try {
        await handle.chmod(0o600); // a leftover temp file keeps its old mode otherwise
        await handle.writeFile(JSON.stringify(toStoredDataKeyJson(record)) + '\n');
        await handle.sync();
      } catch (error) {
        await handle.close();
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      await handle.close();
      try {
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      // Make the rename itself durable; not every platform lets a directory be fsynced, so best effort.
      const dir = await open(directory, constants.O_RDONLY).catch(() => null);
      if (dir) {
        await dir.sync().catch(() => undefined);
        await dir.close();
      }
    },
  };
}
