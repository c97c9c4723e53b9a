import type { StoredCredential } from '../../../shared/domain/credentials';
import { exchangeEnvironmentSchema } from '../../../shared/domain/settings';
import type { CredentialRow } from './credential-repository';

const dayMs = 86_400_000;
/** Bybit deletes unrestricted keys after 90 days of inactivity; a warning two weeks ahead gives time to act. */
const expiryWarningMs = 14 * dayMs;

export const readOnlyReason =
  'This API key is read-only, so Synthex only monitors this account and will not place orders. ' +
  "To trade, create a read-write key with the Contracts 'Orders' and 'Positions' permissions and enter it in Settings → Account.";

export const noContractPermissionReason =
  "This API key lacks the Contracts 'Orders' and 'Positions' permissions, so Synthex only monitors this account " +
  'and will not place orders. Edit the key on Bybit (or create a new one) and enter it again.';

const unverifiedRowReason =
  'This API key was stored by an older version of Synthex and has not been checked. Enter it again to trade.';

function permissionGroups(value: unknown): Record<string, string[]> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [group, list] of Object.entries(value as Record<string, unknown>)) {
    out[group] = Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  }
  return out;
}

export function monitorOnlyReason(
  row: Pick<CredentialRow, 'monitor_only' | 'read_only' | 'permissions_source'>,
) {
  if (!row.monitor_only) return null;
  if (row.permissions_source === 'unverified') return unverifiedRowReason;
  return row.read_only ? readOnlyReason : noContractPermissionReason;
}

function warnings(row: CredentialRow, now: number): string[] {
  const list: string[] = [];
  if (row.can_withdraw) {
    list.push(
      'This API key can WITHDRAW funds from the Bybit account. Synthex never needs that; anyone who obtains the key ' +
        'could move the money out. Replace it with a key without withdrawal permission.',
    );
  }
  if (row.expires_at) {
    const left = row.expires_at.getTime() - now;
    const date = row.expires_at.toISOString().slice(0, 10);
    if (left <= 0) list.push(`This API key expired on ${date}. Create a new key on Bybit and enter it here.`);
    else if (left < expiryWarningMs)
      list.push(
        `This API key expires on ${date}, in ${Math.ceil(left / dayMs)} day(s). Renew it on Bybit in time.`,
      );
  }
  if (row.allowed_ips.length > 0) {
    list.push(
      `This API key only works from these IP addresses: ${row.allowed_ips.join(', ')}. ` +
        'From anywhere else Bybit refuses it.',
    );
  }
  if (row.permissions_source === 'wallet-read') {
    list.push(
      "Bybit demo trading cannot report a key's permissions; the key was proven with a signed wallet read. " +
        'If it is read-only, Bybit will refuse the first order.',
    );
  }
  return list;
}

/** The row as `credentials.get` shows it: metadata only, nothing that was encrypted. */
export function toStoredCredential(row: CredentialRow, now = Date.now()): StoredCredential {
  const source = row.permissions_source;
  return {
    maskedKey: row.masked_api_key ?? '••••••••',
    environment: exchangeEnvironmentSchema.parse(row.environment),
    customRestUrl: row.custom_rest_url,
    customWsUrl: row.custom_ws_url,
    monitorOnly: row.monitor_only,
    monitorOnlyReason: monitorOnlyReason(row),
    readOnly: row.read_only,
    canWithdraw: row.can_withdraw,
    withdrawalConfirmedAt: row.withdrawal_confirmed_at?.toISOString() ?? null,
    permissionsSource: source === 'query-api' || source === 'wallet-read' ? source : 'unverified',
    permissions: permissionGroups(row.permissions),
    expiresAt: row.expires_at?.toISOString() ?? null,
    ipRestricted: row.allowed_ips.length > 0,
    allowedIps: row.allowed_ips,
    validatedAt: row.validated_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    warnings: warnings(row, now),
  };
}
