/**
 * What `npm run demo` keeps beside Synthex's own data, so `--data-dir D` can be opened again: the vault
 * passphrase and the simulator's state, in D/demo (0700). The passphrase protects simulator keys only,
 * so writing it to a 0600 file is honest; a real Bybit key never goes through the demo.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../tests/sim/bybit/sim-state';

export interface DemoData {
  /** Where the simulator keeps its accounts, keys, orders and prices between runs. */
  simulatorState: string;
  passphrase: string;
}

export function demoData(dataDir: string, fromEnvironment: string | undefined): DemoData {
  const dir = join(dataDir, 'demo');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return {
    simulatorState: join(dir, 'simulator-state.json'),
    passphrase: passphrase(dataDir, dir, fromEnvironment),
  };
}

function passphrase(dataDir: string, dir: string, fromEnvironment: string | undefined): string {
  if (fromEnvironment) return fromEnvironment;
  const file = join(dir, 'vault-passphrase');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // A vault made without this file (an older demo, or another passphrase) cannot be opened with a new one.
  if (existsSync(join(dataDir, 'vault-key.json')))
    throw new Error(
      `${dataDir} holds a vault whose passphrase the demo did not keep: set SYNTHEX_VAULT_PASSPHRASE to it, ` +
        'or start the demo with a new --data-dir.',
    );
  const made = randomBytes(18).toString('base64url');
  writeFileAtomically(file, `${made}\n`);
  return made;
}
