import { type ErrorCode, SynthexError } from '../../../shared/contract/errors';

/**
 * Why the vault refused. The contract code stays one of the shared codes (so it crosses IPC and the
 * WebSocket unchanged); `reason` is the finer cause for code and tests.
 */
export type VaultErrorReason =
  /** No keychain or no passphrase: the trader must enable one (the message says how). */
  | 'KEY_PROTECTION_UNAVAILABLE'
  /** The passphrase given now is not the one the data key was wrapped with. */
  | 'WRONG_PASSPHRASE'
  /** The OS keychain refused to unwrap the data key (locked, reset, another user). */
  | 'KEYCHAIN_REFUSED'
  /** The stored data key was wrapped by another kind of protector than the one running now. */
  | 'PROTECTOR_MISMATCH'
  /** The stored wrapped data key or its file is unreadable. */
  | 'DATA_KEY_DAMAGED'
  /** A ciphertext did not authenticate: altered, copied to another profile or field, or another data key. */
  | 'CIPHERTEXT_REJECTED'
  /** A ciphertext with a version byte this build does not know (newer app, or a damaged first byte). */
  | 'UNSUPPORTED_VERSION'
  /** A key rotation was interrupted and cannot be settled until every store under the key is readable. */
  | 'ROTATION_UNSETTLED';

const contractCode: Record<VaultErrorReason, ErrorCode> = {
  KEY_PROTECTION_UNAVAILABLE: 'UNAVAILABLE',
  WRONG_PASSPHRASE: 'UNAVAILABLE',
  KEYCHAIN_REFUSED: 'UNAVAILABLE',
  PROTECTOR_MISMATCH: 'UNAVAILABLE',
  DATA_KEY_DAMAGED: 'INTERNAL',
  CIPHERTEXT_REJECTED: 'INTERNAL',
  UNSUPPORTED_VERSION: 'INTERNAL',
  ROTATION_UNSETTLED: 'UNAVAILABLE',
};

/**
 * A vault failure with a sentence the trader can act on. It never carries plaintext, keys or the
 * underlying crypto error (whose text could drift to include inputs in some future runtime).
 */
export class VaultError extends SynthexError {
  constructor(
    readonly reason: VaultErrorReason,
    message: string,
  ) {
    super(contractCode[reason], message);
    this.name = 'VaultError';
  }

  /** Plain data for logs: the same fields a trader may see, nothing more. */
  toJSON(): { name: string; code: ErrorCode; reason: VaultErrorReason; message: string } {
    return { name: this.name, code: this.code, reason: this.reason, message: this.message };
  }
}

export function isVaultError(error: unknown): error is VaultError {
  return error instanceof VaultError;
}
