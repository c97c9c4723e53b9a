/**
 * What a Bybit API key may do, read from `GET /v5/user/query-api` (docs/bybit-v5.md §2). Accepts the
 * raw `result` or the gateway's ApiKeyInfo (same field names; `readOnly` as 0/1 or boolean).
 */
export interface ApiKeyPermissions {
  /** Read-write key with contract order and position rights: Synthex may trade with it. */
  canTrade: boolean;
  /** Bybit's read-only flag: monitor only. */
  readOnly: boolean;
  /** The key can withdraw funds: saved only after explicit confirmation, and flagged. */
  withdrawal: boolean;
  /** ISO 8601, or null when the key does not expire. */
  expiresAt: string | null;
  ipRestricted: boolean;
  /** The allowed IPs; empty when unrestricted. */
  ips: string[];
}

type Raw = Record<string, unknown>;

function record(value: unknown): Raw {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function includes(list: string[], wanted: string): boolean {
  return list.some((item) => item.toLowerCase() === wanted.toLowerCase());
}

function isReadOnly(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Bybit writes 1970-01-01T00:00:00Z (epoch 0) for keys that never expire; anything unparseable counts as none. */
function expiry(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(ms).toISOString();
}

/** "*" means any IP; entries may also arrive comma-joined. */
function allowedIps(value: unknown): string[] {
  return strings(value)
    .flatMap((entry) => entry.split(','))
    .map((ip) => ip.trim())
    .filter((ip) => ip !== '' && ip !== '*');
}

export function parseApiKeyPermissions(result: unknown): ApiKeyPermissions {
  const info = record(result);
  const permissions = record(info.permissions);
  const readOnly = isReadOnly(info.readOnly);
  const contract = strings(permissions.ContractTrade);
  const derivatives = strings(permissions.Derivatives);
  const tradesContracts =
    (includes(contract, 'Order') && includes(contract, 'Position')) ||
    includes(derivatives, 'DerivativesTrade');
  const ips = allowedIps(info.ips);
  return {
    canTrade: !readOnly && tradesContracts,
    readOnly,
    withdrawal: includes(strings(permissions.Wallet), 'Withdraw'),
    expiresAt: expiry(info.expiredAt),
    ipRestricted: ips.length > 0,
    ips,
  };
}
