import { passphraseVariables } from '../vault/passphrase-source';

/**
 * Variables that hold secrets of this process, or say where one is: no child (poller, initdb, postgres)
 * ever inherits them.
 */
const secretVariables = passphraseVariables;

/**
 * The environment for a child process: ours minus the secrets. The entry points also remove the
 * passphrase variables from process.env at start (takeVaultPassphrase), which covers children spawned by
 * libraries; this keeps our own spawns right even if that step is ever skipped.
 */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of secretVariables) delete copy[name];
  return copy;
}
