import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { passphraseFileVariable, passphraseVariable } from './passphrase-key-protector';

/*
 * Why a file: the kernel keeps a process's initial environment in /proc/<pid>/environ for its whole
 * life (deleting the variable later does not erase it), readable by the same user and by root; a file
 * (SYNTHEX_VAULT_PASSPHRASE_FILE) is read once at start and leaves only its path there.
 */

/** Both ways in: no child process (poller, initdb, postgres) may inherit either. */
export const passphraseVariables = [passphraseVariable, passphraseFileVariable] as const;

/** A passphrase is a line of text; anything larger is the wrong file. */
const maxFileBytes = 64 * 1024;

/**
 * Reads the passphrase file: a regular file that only its owner may read or write (like an SSH key), at
 * most 64 KiB, trailing line breaks dropped (`echo … > file` adds one). The checks are made on the open
 * file, so the file cannot be swapped between the check and the read; O_NONBLOCK keeps a FIFO from
 * hanging the start until it is refused.
 */
export function readPassphraseFile(path: string): string {
  const refuse = (why: string) => new Error(`${passphraseFileVariable} names ${path}, which ${why}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw refuse('is not a regular file. Point it at a file holding the passphrase.');
    if ((stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw refuse(
        `other users may read or change (mode ${mode}). Run \`chmod 600 ${path}\` and start again.`,
      );
    }
    if (stat.size > maxFileBytes)
      throw refuse(`is larger than ${maxFileBytes / 1024} KiB: not a passphrase.`);
    const buffer = Buffer.alloc(stat.size);
    const length = readSync(fd, buffer, 0, stat.size, 0);
    const passphrase = buffer
      .subarray(0, length)
      .toString('utf8')
      .replace(/[\r\n]+$/, '');
    buffer.fill(0);
    if (passphrase.trim() === '') throw refuse('is empty. Write the passphrase into it.');
    return passphrase;
  } finally {
    closeSync(fd);
  }
}

/** Removes both passphrase variables from `env` without reading them (the desktop app uses the keychain). */
export function forgetVaultPassphrase(env: Record<string, string | undefined> = process.env): void {
  for (const name of passphraseVariables) delete env[name];
}

/**
 * Headless mode's passphrase, from SYNTHEX_VAULT_PASSPHRASE or the file named by
 * SYNTHEX_VAULT_PASSPHRASE_FILE, read once; both variables are then removed from `env` (process.env by
 * default) so that no child process inherits them. Call it once, before anything is started. Throws
 * with a message to show when the file is refused or both variables are set.
 */
export function takeVaultPassphrase(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const value = env[passphraseVariable];
  const file = env[passphraseFileVariable]?.trim();
  forgetVaultPassphrase(env);
  if (!file) return value;
  if (value)
    throw new Error(
      `Both ${passphraseVariable} and ${passphraseFileVariable} are set: keep one (the file keeps the ` +
        `passphrase out of /proc/<pid>/environ).`,
    );
  return readPassphraseFile(file);
}
