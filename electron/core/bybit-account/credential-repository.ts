import type { Kysely, Selectable } from 'kysely';
import type { ExchangeEnvironment } from '../../../shared/domain/settings';
import type { UserDb } from '../db';
import type { BybitCredentials } from '../db/user-db.types';
import type { EncryptedCredentialRow } from '../vault/vault';

export type CredentialRow = Selectable<BybitCredentials>;

export async function readCredentialRow(db: Kysely<UserDb>, userId: number): Promise<CredentialRow | null> {
  return (
    (await db.selectFrom('bybit_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst()) ??
    null
  );
}

/** Any one row, to probe which data key the rows are under (interrupted rotation). */
export async function anyEncryptedRow(db: Kysely<UserDb>): Promise<EncryptedCredentialRow | undefined> {
  const row = await db
    .selectFrom('bybit_credentials')
    .select(['user_id', 'encrypted_api_key', 'encrypted_api_secret'])
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        userId: row.user_id,
        encryptedApiKey: row.encrypted_api_key,
        encryptedApiSecret: row.encrypted_api_secret,
      }
    : undefined;
}

export interface CredentialRecord {
  userId: number;
  encryptedApiKey: Buffer;
  encryptedApiSecret: Buffer;
  environment: ExchangeEnvironment;
  customRestUrl: string | null;
  customWsUrl: string | null;
  maskedApiKey: string;
  monitorOnly: boolean;
  readOnly: boolean;
  canWithdraw: boolean;
  permissionsSource: 'query-api' | 'wallet-read';
  permissions: Record<string, string[]>;
  expiresAt: string | null;
  allowedIps: string[];
  bybitUid: string | null;
}

/** Insert or replace the profile's one credential row; the validation snapshot is written with it. */
export async function saveCredentialRow(db: Kysely<UserDb>, record: CredentialRecord): Promise<void> {
  const values = {
    encrypted_api_key: record.encryptedApiKey,
    encrypted_api_secret: record.encryptedApiSecret,
    environment: record.environment,
    custom_rest_url: record.customRestUrl,
    custom_ws_url: record.customWsUrl,
    masked_api_key: record.maskedApiKey,
    monitor_only: record.monitorOnly,
    read_only: record.readOnly,
    can_withdraw: record.canWithdraw,
    withdrawal_confirmed_at: record.canWithdraw ? new Date() : null,
    permissions_source: record.permissionsSource,
    permissions: JSON.stringify(record.permissions),
    expires_at: record.expiresAt,
    allowed_ips: record.allowedIps,
    bybit_uid: record.bybitUid,
    validated_at: new Date(),
    updated_at: new Date(),
  };
  await db
    .insertInto('bybit_credentials')
    .values({ user_id: record.userId, ...values })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
    .execute();
}

export async function deleteCredentialRow(db: Kysely<UserDb>, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('bybit_credentials').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
