/**
 * Protects the vault's random data key at rest. The data key encrypts every credential; the protector
 * only ever sees that one key, so swapping the OS keychain for a passphrase changes nothing else.
 * The Electron adapter lives in electron/main (only it may load 'electron'); core holds the rest.
 */

export type KeyProtectorKind = 'os-keychain' | 'passphrase' | 'test';

/** `reason` is a full sentence telling the trader exactly what to do to enable credential storage. */
export type KeyProtectorAvailability = { ok: true } | { ok: false; reason: string };

export interface KeyProtector {
  readonly kind: KeyProtectorKind;
  /** Cheap and side-effect free: call it before offering credential features. */
  isAvailable(): KeyProtectorAvailability;
  /** Throws a VaultError (KEY_PROTECTION_UNAVAILABLE) when `isAvailable()` is not ok. */
  wrap(dataKey: Buffer): Promise<Buffer>;
  /** Throws a VaultError, never returns a wrong key: a blob that does not authenticate is refused. */
  unwrap(wrapped: Buffer): Promise<Buffer>;
}
