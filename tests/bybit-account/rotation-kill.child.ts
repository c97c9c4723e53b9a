/**
 * Child process for rotation-kill.test.ts: the real app core (createAppCore, headless mode's passphrase
 * vault, the embedded cluster in the data dir) started fresh, as after a crash. It checks that every
 * stored API key decrypts, reports that, then rotates the data key and freezes right after `step`, where
 * the parent SIGKILLs it. With no step it only reports and stops cleanly.
 *
 *   argv: <dataDir> <profileIds, comma-separated> [step]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RotationStep } from '../../electron/core/bybit-account/rotate-data-key';
import { resealedPasswordFile } from '../../electron/core/db/protected-password-store';
import { startTestCore } from '../support/core-harness';

const [dataDir, profileList, step] = process.argv.slice(2) as [string, string, RotationStep | undefined];
const send = (message: unknown) => process.send!(message);

const app = await startTestCore({
  dataDir,
  env: { SYNTHEX_VAULT_PASSPHRASE: process.env.ROTATION_KILL_PASSPHRASE! },
  onRotationStep: async (reached) => {
    if (reached !== step) return;
    send({ type: 'paused', step: reached });
    await new Promise(() => undefined); // frozen here until SIGKILL
  },
});

const checks = [];
for (const profileId of profileList.split(',').map(Number)) {
  // verify: true decrypts the stored key and secret and signs a read with them at the simulator.
  const status = await app.invoke('credentials.get', { profileId, verify: true });
  checks.push({ profileId, stored: status.credential !== null, check: status.check });
}
const record = JSON.parse(readFileSync(join(dataDir, 'vault-key.json'), 'utf8')) as { pending?: unknown };
send({
  type: 'verified',
  checks,
  pendingOnRecord: record.pending !== undefined,
  resealedPasswordLeft: existsSync(join(dataDir, resealedPasswordFile)),
});

if (step) {
  await app.invoke('credentials.rotateKey', {});
  send({ type: 'rotated-without-pausing' });
}
await app.stop();
process.exit(0);
