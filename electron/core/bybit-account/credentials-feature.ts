import { SynthexError } from '../../../shared/contract';
import type { CredentialCheck, CredentialStatus } from '../../../shared/domain/credentials';
import type { ExchangeEnvironment } from '../../../shared/domain/settings';
import { accountRef } from './account-ref';
import { maskApiKey } from './masked-key';
import { decryptCredentials, encryptCredentials, type CredentialPair } from '../vault/vault';
import type { VaultKeys } from '../vault/vault-keys';
import { exchangeEndpoints, type ExchangeEndpoints } from '../exchange';
import type { ProtectedPasswordStore } from '../db/protected-password-store';
import type { SessionAccess } from './exchange-sessions';
import type { Feature, FeatureContext } from '../feature';
import { profileNotFound } from '../profiles/profile-repository';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import {
  deleteCredentialRow,
  readCredentialRow,
  saveCredentialRow,
  type CredentialRow,
} from './credential-repository';
import { toStoredCredential } from './credential-view';
import { rotateDataKey, type OnRotationStep } from './rotate-data-key';
import { describeKeyFailure, validateApiKey } from './validate-api-key';

export type CredentialsChannel =
  'credentials.get' | 'credentials.set' | 'credentials.delete' | 'credentials.rotateKey';

/** What any exchange work for a profile needs: where its key lives and the key itself (main process only). */
export interface ProfileExchangeAccess {
  endpoints: ExchangeEndpoints;
  credentials: CredentialPair;
  /** True when the key may not trade (read-only or missing contract permissions). */
  monitorOnly: boolean;
}

export interface CredentialsFeature extends Feature<CredentialsChannel> {
  /** The profile's decrypted key and its environment's endpoints; the gateway for a profile is built from this. */
  exchangeAccess(profileId: number): Promise<ProfileExchangeAccess>;
  /** What ExchangeSessions builds a profile's session from, or null without a key; decrypts only on demand. */
  sessionAccess(profileId: number): Promise<SessionAccess | null>;
}

const withdrawalRefusal =
  'This API key can withdraw funds from the Bybit account. Synthex never needs that, and anyone who obtains the ' +
  'key could move the money out. Create a key without withdrawal permission, or confirm that you want to store ' +
  'this one anyway. Nothing was saved.';

export function endpointsOf(row: CredentialRow): ExchangeEndpoints {
  return exchangeEndpoints({
    exchangeEnvironment: row.environment as ExchangeEnvironment,
    customRestUrl: row.custom_rest_url,
    customWsUrl: row.custom_ws_url,
  });
}

/**
 * Bybit API keys per profile: validated against the exchange before anything is stored, encrypted by the
 * vault, and shown only as metadata. The key and secret enter through `credentials.set` and never leave.
 */
export function createCredentialsFeature(
  context: FeatureContext,
  deps: {
    profiles: ProfilesFeature;
    vault: VaultKeys;
    passwordStore: ProtectedPasswordStore;
    onRotationStep?: OnRotationStep | undefined;
  },
): CredentialsFeature {
  const { profiles, vault } = deps;
  const db = () => context.databases().user;

  const vaultState = () => {
    const availability = vault.availability();
    return availability.ok
      ? { available: true, reason: null }
      : { available: false, reason: availability.reason };
  };

  const status = (profileId: number, row: CredentialRow | null, check: CredentialCheck | null) =>
    ({
      profileId,
      vault: vaultState(),
      credential: row ? toStoredCredential(row) : null,
      check,
    }) satisfies CredentialStatus;

  const requireVault = () => {
    const availability = vault.availability();
    if (!availability.ok) throw new SynthexError('UNAVAILABLE', availability.reason);
  };

  const decrypt = async (row: CredentialRow): Promise<CredentialPair> =>
    decryptCredentials(await vault.dataKey(), {
      userId: row.user_id,
      encryptedApiKey: row.encrypted_api_key,
      encryptedApiSecret: row.encrypted_api_secret,
    });

  /** A fresh signed read with the stored key; any failure becomes the check's sentence, not a thrown error. */
  const verify = async (row: CredentialRow): Promise<CredentialCheck> => {
    const endpoints = endpointsOf(row);
    try {
      const credentials = await decrypt(row);
      const result = await validateApiKey({ endpoints, credentials, logger: context.logger });
      return {
        ok: true,
        checkedAt: new Date().toISOString(),
        totalEquity: result.totalEquity,
        account: result.account,
      };
    } catch (error) {
      const message = error instanceof SynthexError ? error.message : describeKeyFailure(error, endpoints);
      return { ok: false, checkedAt: new Date().toISOString(), message };
    }
  };

  /** For 'custom', the request's URLs, else the ones in Settings; both are required. */
  const endpointsFor = (request: {
    environment: ExchangeEnvironment;
    customRestUrl?: string | null | undefined;
    customWsUrl?: string | null | undefined;
  }) => {
    if (request.environment !== 'custom') {
      const endpoints = exchangeEndpoints({
        exchangeEnvironment: request.environment,
        customRestUrl: null,
        customWsUrl: null,
      });
      return { endpoints, customRestUrl: null, customWsUrl: null };
    }
    const settings = context.settings.view().settings;
    const customRestUrl = request.customRestUrl ?? settings.customRestUrl;
    const customWsUrl = request.customWsUrl ?? settings.customWsUrl;
    if (!customRestUrl || !customWsUrl) {
      throw new SynthexError(
        'INVALID_PAYLOAD',
        'The custom environment needs a REST and a WebSocket base URL.',
        [
          {
            path: customRestUrl ? 'customWsUrl' : 'customRestUrl',
            message: 'required for the custom environment',
          },
        ],
      );
    }
    const endpoints = exchangeEndpoints({ exchangeEnvironment: 'custom', customRestUrl, customWsUrl });
    return { endpoints, customRestUrl, customWsUrl };
  };

  return {
    async exchangeAccess(profileId) {
      const row = await readCredentialRow(db(), profileId);
      if (!row) {
        throw new SynthexError(
          'NOT_FOUND',
          'This profile has no Bybit API key. Add one in Settings → Account to see the account and trade.',
        );
      }
      return { endpoints: endpointsOf(row), credentials: await decrypt(row), monitorOnly: row.monitor_only };
    },

    async sessionAccess(profileId) {
      const row = await readCredentialRow(db(), profileId);
      if (!row) return null;
      return {
        endpoints: endpointsOf(row),
        credentials: () => decrypt(row),
        monitorOnly: row.monitor_only,
        uid: row.bybit_uid,
        account: accountRef(row.bybit_uid, row.masked_api_key),
        version: `${row.environment}|${new Date(row.updated_at).toISOString()}`,
      };
    },

    handlers: {
      'credentials.get': async ({ profileId, verify: wantsCheck }) => {
        const id = await profiles.profileFor(profileId);
        const row = await readCredentialRow(db(), id);
        return status(id, row, row && wantsCheck ? await verify(row) : null);
      },

      'credentials.set': async (request) => {
        const id = await profiles.profileFor(request.profileId);
        requireVault();
        const { endpoints, customRestUrl, customWsUrl } = endpointsFor(request);
        // Open the data key before talking to Bybit: a wrong passphrase should not cost a validation round.
        // It is not the key the pair is sealed with: a rotation may end while Bybit is being asked.
        await vault.dataKey();
        const pair: CredentialPair = { apiKey: request.apiKey, apiSecret: request.apiSecret };
        let validation;
        try {
          validation = await validateApiKey({ endpoints, credentials: pair, logger: context.logger });
        } catch (error) {
          context.logger.warn('an API key was refused', {
            profileId: id,
            environment: endpoints.environment,
          });
          throw new SynthexError(
            'EXCHANGE_ERROR',
            `${describeKeyFailure(error, endpoints)} Nothing was saved.`,
          );
        }
        const permissions = validation.permissions;
        if (permissions?.withdrawal && !request.confirmWithdrawalPermission) {
          throw new SynthexError('CONFLICT', withdrawalRefusal);
        }
        // Sealed and saved as the vault's one writer, under the key in force now (after the slow check).
        await vault.writing(async (dataKey) => {
          const encrypted = encryptCredentials(await dataKey(), id, pair);
          await saveCredentialRow(db(), {
            userId: id,
            encryptedApiKey: encrypted.encryptedApiKey,
            encryptedApiSecret: encrypted.encryptedApiSecret,
            environment: endpoints.environment,
            customRestUrl,
            customWsUrl,
            maskedApiKey: maskApiKey(request.apiKey),
            // Demo trading cannot report permissions: the key is trusted to trade and a warning says so.
            monitorOnly: permissions ? !permissions.canTrade : false,
            readOnly: permissions?.readOnly ?? false,
            canWithdraw: permissions?.withdrawal ?? false,
            permissionsSource: validation.source,
            permissions: validation.permissionGroups,
            expiresAt: permissions?.expiresAt ?? null,
            allowedIps: permissions?.ips ?? [],
            bybitUid: validation.uid,
          }).catch((error: unknown) => {
            // The profile was deleted while Bybit was being asked: say so instead of a database error.
            if ((error as { code?: string }).code === '23503') throw profileNotFound(id);
            throw error;
          });
        });
        context.logger.info('API key stored', {
          profileId: id,
          environment: endpoints.environment,
          monitorOnly: permissions ? !permissions.canTrade : false,
          canWithdraw: permissions?.withdrawal ?? false,
        });
        await profiles.publish();
        const check: CredentialCheck = {
          ok: true,
          checkedAt: new Date().toISOString(),
          totalEquity: validation.totalEquity,
          account: validation.account,
        };
        return status(id, await readCredentialRow(db(), id), check);
      },

      'credentials.delete': async ({ profileId }) => {
        const id = await profiles.profileFor(profileId);
        // One writer: a removal never interleaves with a rotation moving the same row.
        if (await vault.writing(() => deleteCredentialRow(db(), id))) {
          context.logger.info('API key removed', { profileId: id });
          await profiles.publish();
        }
        return status(id, null, null);
      },

      'credentials.rotateKey': async () => {
        const { credentials } = await rotateDataKey({
          vault,
          db: db(),
          passwordStore: deps.passwordStore,
          onStep: deps.onRotationStep,
        });
        context.logger.info('vault data key rotated', { credentials });
        return { credentials, rotatedAt: new Date().toISOString() };
      },
    },
  };
}
