import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';

/**
 * Where the embedded cluster's superuser password lives. A later issue moves it behind the key
 * protector; everything else only sees this interface.
 */
export interface ClusterPasswordStore {
  /** The stored password, or null when none was ever written. */
  read(): Promise<string | null>;
  write(password: string): Promise<void>;
}

/** A plain file readable only by its owner (0600); written via rename so it is never half-written. */
export function filePasswordStore(path: string): ClusterPasswordStore {
  return {
    async read() {
      try {
        const text = (await readFile(path, 'utf8')).trim();
        return text.length > 0 ? text : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(password) {
      const temp = `${path}.tmp`;
      await writeFile(temp, password + '\n', { mode: 0o600 });
      await chmod(temp, 0o600); // the umask cannot widen it, but an existing temp file keeps its mode
      await rename(temp, path);
    },
  };
}

/** URL-safe so it can sit in a connection string without escaping. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
