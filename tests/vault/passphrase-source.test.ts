import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  forgetVaultPassphrase,
  passphraseFileVariable,
  passphraseVariable,
  readPassphraseFile,
  takeVaultPassphrase,
} from '../../electron/core/vault';
import { childEnvironment } from '../../electron/core/process/child-env';
import { makeTempDir, removeTempDirs } from '../db/db-test-helpers';

/**
 * SYNTHEX_VAULT_PASSPHRASE_FILE: the passphrase from a file only its owner can read, read once, so
 * /proc/<pid>/environ holds a path instead of the secret.
 */
const dir = makeTempDir('synthex-passphrase-file-');
const passphrase = 'a passphrase kept in a file';

function fileWith(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

afterAll(() => removeTempDirs());

describe('the passphrase file', () => {
  it('is read once, its trailing line break dropped, and both variables leave the environment', () => {
    const path = fileWith('plain', `${passphrase}\n`);
    const env: Record<string, string | undefined> = { [passphraseFileVariable]: path, OTHER: 'kept' };
    expect(takeVaultPassphrase(env)).toBe(passphrase);
    expect(env).toEqual({ OTHER: 'kept' });
    expect(readPassphraseFile(fileWith('crlf', `${passphrase}\r\n`))).toBe(passphrase);
    // Inner and leading spaces belong to the passphrase.
    expect(readPassphraseFile(fileWith('spaces', `  ${passphrase}  `))).toBe(`  ${passphrase}  `);
    // A symlink to a private file is fine (secret mounts are often links): the file itself is checked.
    const link = join(dir, 'link');
    symlinkSync(path, link);
    expect(readPassphraseFile(link)).toBe(passphrase);
  });

  it.each([
    [0o644, '0644'],
    [0o640, '0640'],
    [0o604, '0604'],
    [0o620, '0620'],
  ])('is refused when other users have access (mode %s), with the fix in words', (mode, shown) => {
    const path = fileWith(`mode-${shown}`, passphrase, mode);
    const env = { [passphraseFileVariable]: path };
    expect(() => takeVaultPassphrase(env)).toThrow(
      `SYNTHEX_VAULT_PASSPHRASE_FILE names ${path}, which other users may read or change (mode ${shown}). ` +
        `Run \`chmod 600 ${path}\` and start again.`,
    );
    expect(env).toEqual({}); // forgotten even when refused: a child must not get it either
  });

  it('is refused when it is not a regular file, is missing, or is empty', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder, { mode: 0o700 });
    expect(() => readPassphraseFile(folder)).toThrow(/which is not a regular file/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    expect(() => readPassphraseFile(fifo)).toThrow(/which is not a regular file/); // and does not hang
    expect(() => readPassphraseFile(join(dir, 'missing'))).toThrow(/which cannot be read \(ENOENT\)/);
    expect(() => readPassphraseFile(fileWith('empty', '\n'))).toThrow(/which is empty/);
  });

  it('is refused together with the variable itself: one source of the passphrase', () => {
    const env = { [passphraseVariable]: passphrase, [passphraseFileVariable]: fileWith('both', passphrase) };
    expect(() => takeVaultPassphrase(env)).toThrow(
      /Both SYNTHEX_VAULT_PASSPHRASE and SYNTHEX_VAULT_PASSPHRASE_FILE/,
    );
    expect(env).toEqual({});
  });

  it('reaches no child, and the desktop app forgets both variables without reading the file', () => {
    const env = { PATH: '/usr/bin', [passphraseFileVariable]: '/nowhere', [passphraseVariable]: passphrase };
    expect(childEnvironment(env)).toEqual({ PATH: '/usr/bin' });
    forgetVaultPassphrase(env);
    expect(env).toEqual({ PATH: '/usr/bin' });
  });
});
