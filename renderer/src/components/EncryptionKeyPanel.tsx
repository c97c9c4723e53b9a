import { useState } from 'react';
import type { KeyRotation } from '../../../shared/domain/credentials';
import { api } from '../api/client';
import { formatTimestamp } from '../format';
import { useAccount } from '../store/account-store';
import { ConfirmAction } from './Confirm';
import { FormStatus } from './FormStatus';
import { Panel } from './Panel';
import { useConfirmation } from './use-confirmation';

/**
 * Settings → Account: rotate the vault's data key, which seals every profile's API key and the embedded
 * database password. Worth doing when a backup of the data directory or the passphrase may have leaked.
 */
export function EncryptionKeyPanel() {
  const vault = useAccount((state) => state.status?.vault);
  const action = useConfirmation();
  const [result, setResult] = useState<KeyRotation | null>(null);
  if (!vault?.available) return null;

  const rotate = () =>
    action.run(async () => {
      setResult(await api.invoke('credentials.rotateKey', {}));
      action.close();
    });

  return (
    <Panel title="Encryption key">
      <p className="muted small">
        Every profile&apos;s API key and the embedded database password are encrypted under one data key.
        Rotating it re-encrypts all of them under a new key in one step; if Synthex stops half way, the next
        start finishes it.
      </p>
      <div className="form-actions">
        <ConfirmAction
          action={action}
          opener="Rotate encryption key…"
          onConfirm={rotate}
          label="Confirm key rotation"
          confirmLabel="Rotate now"
          busyLabel="Rotating…"
        >
          <span>Re-encrypt every stored API key under a new data key?</span>
        </ConfirmAction>
        {result && !action.busy && (
          <span className="success-text" role="status">
            Rotated at {formatTimestamp(result.rotatedAt)}: {result.credentials} stored API key
            {result.credentials === 1 ? '' : 's'} re-encrypted
          </span>
        )}
        <FormStatus error={action.error} />
      </div>
    </Panel>
  );
}
