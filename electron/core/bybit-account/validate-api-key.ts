import { parseApiKeyPermissions, type ApiKeyPermissions } from './api-key-permissions';
import type { AccountMode } from '../../../shared/domain/credentials';
import type { CredentialPair } from '../vault/vault';
import { BybitGateway, ExchangeError, type ExchangeEndpoints } from '../exchange';
import type { Logger } from '../util/logger';
import { ClassicAccountError, readAccountMode } from './account-mode';

/** What one round of signed calls learned about a key. */
export interface KeyValidation {
  /** From query-api; null on demo trading, which lacks that endpoint (the wallet read proved the key instead). */
  permissions: ApiKeyPermissions | null;
  /** Bybit's permission groups as reported, for display. */
  permissionGroups: Record<string, string[]>;
  source: 'query-api' | 'wallet-read';
  /** USDT equity of the unified account (decimal string), null when the key may not read it. */
  totalEquity: string | null;
  /** The account's Bybit UID from query-api; null on demo trading. Rate limits are per UID. */
  uid: string | null;
  /** Unified 2.0 or 1.0 and the margin mode; null when account/info is not available (a classic account throws). */
  account: AccountMode | null;
}

/** Bybit's answer when an endpoint does not exist on demo trading. */
const demoNotSupported = 10032;
/** The key itself has expired (not in the gateway's table: only key checks meet it). */
const keyExpired = 33004;

export function environmentLabel(endpoints: ExchangeEndpoints): string {
  switch (endpoints.environment) {
    case 'demo':
      return 'demo trading';
    case 'custom':
      return `the custom endpoint ${endpoints.restUrl}`;
    default:
      return endpoints.environment;
  }
}

/** The exchange's refusal as a sentence about this key, never Bybit's raw text alone. */
/** How a key check that never got Bybit's answer begins (the key was decrypted and the request signed). */
export const unreachableBybit = 'Synthex could not reach Bybit';

export function describeKeyFailure(error: unknown, endpoints: ExchangeEndpoints): string {
  const where = environmentLabel(endpoints);
  if (error instanceof ClassicAccountError) return error.message;
  if (!(error instanceof ExchangeError)) return `Checking the key with Bybit failed unexpectedly.`;
  if (error.code === 'INVALID_API_KEY' || error.code === 'UNAUTHORIZED') {
    return (
      `Bybit (${where}) does not recognise this API key. Keys only work in the environment they were created in ` +
      '(mainnet, testnet or demo trading): choose that environment, and check the key was pasted completely.'
    );
  }
  if (error.code === 'INVALID_SIGNATURE') {
    return 'Bybit rejected the signature: the API secret does not belong to this API key. Paste the secret again.';
  }
  if (error.retCode === keyExpired)
    return 'This API key has expired on Bybit. Create a new key and enter it here.';
  if (error.code === 'TIMEOUT' || error.code === 'NETWORK' || error.code === 'NOT_FOUND') {
    return `${unreachableBybit} (${where}): ${error.message}`;
  }
  return error.message;
}

/**
 * Proves the key works where the trader says it belongs, with signed reads only: the clock first (so a
 * skewed clock is not mistaken for a bad key), then query-api for the permissions, or on demo trading
 * (10032) the wallet. Throws ExchangeError; the caller words it with describeKeyFailure.
 */
export async function validateApiKey(options: {
  endpoints: ExchangeEndpoints;
  credentials: CredentialPair;
  logger: Logger;
}): Promise<KeyValidation> {
  const gateway = new BybitGateway({
    endpoints: options.endpoints,
    credentials: options.credentials,
    logger: options.logger,
    readRetries: 1,
  });
  await gateway.syncClock();
  let permissions: ApiKeyPermissions | null = null;
  let permissionGroups: Record<string, string[]> = {};
  let uid: string | null = null;
  let unified: boolean | null = null;
  try {
    const info = await gateway.getApiKeyInfo();
    permissions = parseApiKeyPermissions(info);
    permissionGroups = info.permissions;
    uid = info.userId || null;
    unified = info.unified;
  } catch (error) {
    if (!(error instanceof ExchangeError && error.retCode === demoNotSupported)) throw error;
  }
  // A classic account is refused before anything else is read (ClassicAccountError).
  const account = await readAccountMode(gateway, unified);
  if (!permissions) {
    // Demo trading: the wallet read is the proof, so its failure is the key's failure.
    const wallet = await gateway.getWalletBalance();
    return {
      permissions,
      permissionGroups,
      source: 'wallet-read',
      totalEquity: wallet.totalEquity,
      uid: null,
      account,
    };
  }
  const totalEquity = await gateway
    .getWalletBalance()
    .then((wallet) => wallet.totalEquity)
    .catch(() => null); // a key limited to contracts may not read the wallet; that is not a failure
  return { permissions, permissionGroups, source: 'query-api', totalEquity, uid, account };
}
