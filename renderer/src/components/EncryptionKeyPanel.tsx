import { useState } from 'react';
import type { KeyRotation } from '../../../shared/domain/credentials';
import { api } from '../api/client';
import { formatTimestamp } from '../format';
import { errorMessage } from '../forms/form-failure';
import { useAccount } from '../store/account-store';
import { Panel } from './Panel';

/**
 * Settings → Account: rotate the vault's data key, which seals every profile's API key and the embedded
 * database password. Worth doing when a backup of the data directory or the passphrase may have leaked.
 */
export function EncryptionKeyPanel() {
  const vault = useAccount((state) => state.status?.vault);
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [result, setResult] = useState<KeyRotation | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!vault?.available) return null;

  const rotate = async () => {
    setConfirming(false);
    setRotating(true);
    setError(null);
    try {
      setResult(await api.invoke('credentials.rotateKey', {}));
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setRotating(false);
    }
  };

  return (
    <Panel title="Encryption key">
      <p className="muted small">
        Every profile&apos;s API key and the embedded database password are encrypted under one data key.
        Rotating it re-encrypts all of them under a new key in one step; if Synthex stops half way, the next
        start finishes it.
      </p>
      <div className="form-actions">
        {confirming ? (
          <span className="confirm" role="group" aria-label="Confirm key rotation">
            <span>Re-encrypt every stored API key under a new data key?</span>
            <button type="button" className="primary" onClick={() => void rotate()}>
              Rotate now
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" disabled={rotating} onClick={() => setConfirming(true)}>
            {rotating ? 'Rotating…' : 'Rotate encryption key…'}
          </button>
        )}
        {result && !rotating && (
          <span className="success-text" role="status">
            Rotated at {formatTimestamp(result.rotatedAt)}: {result.credentials} stored API key
            {result.credentials === 1 ? '' : 's'} re-encrypted
          </span>
        )}
        {error && (
          <span className="error-text" role="alert">
            {error}
          </span>
        )}
      </div>
    </Panel>
  );
}
