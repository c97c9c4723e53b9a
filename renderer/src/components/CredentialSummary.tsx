import type { AccountMode, CredentialStatus } from '../../../shared/domain/credentials';
import { formatFixed, formatTimestamp } from '../format';
import { Badge } from './Badge';
import { environmentLabel } from './EnvironmentPicker';
import { Facts } from './Panel';

const accountTypeLabel: Record<AccountMode['accountType'], string> = {
  UTA2: 'Unified trading account 2.0',
  UTA1: 'Unified trading account 1.0',
};
const marginModeLabel: Record<AccountMode['marginMode'], string> = {
  REGULAR_MARGIN: 'cross (regular) margin',
  ISOLATED_MARGIN: 'isolated margin',
  PORTFOLIO_MARGIN: 'portfolio margin',
};

/** The account behind the key, as the last signed check found it. */
function AccountFacts({ account }: { account: AccountMode }) {
  return (
    <>
      <p className="muted" data-testid="account-mode">
        Bybit account: {accountTypeLabel[account.accountType]}, {marginModeLabel[account.marginMode]}.
      </p>
      {account.note && (
        <p className="callout callout-warn" role="note">
          {account.note}
        </p>
      )}
    </>
  );
}

/** What is known about the stored key: never more than the masked key. */
export function CredentialSummary({ status }: { status: CredentialStatus }) {
  const credential = status.credential;
  if (!credential) return <p className="muted">No API key is stored for this profile.</p>;
  const permissions = Object.entries(credential.permissions)
    .filter(([, list]) => list.length > 0)
    .map(([group, list]) => `${group}: ${list.join(', ')}`);
  return (
    <div className="credential-summary">
      <div className="badges">
        {credential.monitorOnly ? (
          <Badge tone="warn">Monitor only</Badge>
        ) : (
          <Badge tone="good">Trading enabled</Badge>
        )}
        {credential.canWithdraw && <Badge tone="bad">Can withdraw</Badge>}
        {credential.ipRestricted && <Badge tone="neutral">IP restricted</Badge>}
      </div>
      {credential.monitorOnlyReason && (
        <p className="callout callout-warn" role="note">
          {credential.monitorOnlyReason}
        </p>
      )}
      {credential.warnings.map((warning) => (
        <p key={warning} className={`callout ${/WITHDRAW/.test(warning) ? 'callout-bad' : 'callout-warn'}`}>
          {warning}
        </p>
      ))}
      <Facts
        rows={[
          ['API key', <code key="k">{credential.maskedKey}</code>],
          [
            'Environment',
            credential.environment === 'custom'
              ? `${environmentLabel('custom')} (${credential.customRestUrl ?? ''})`
              : environmentLabel(credential.environment),
          ],
          ['Permissions', permissions.length > 0 ? permissions.join(' · ') : 'not reported by Bybit'],
          ['Expires', credential.expiresAt ? formatTimestamp(credential.expiresAt) : 'never'],
          ['IP allow-list', credential.ipRestricted ? credential.allowedIps.join(', ') : 'any IP'],
          ['Validated', credential.validatedAt ? formatTimestamp(credential.validatedAt) : 'not yet'],
          ['Updated', formatTimestamp(credential.updatedAt)],
        ]}
      />
      {status.check && (
        <p className={status.check.ok ? 'success-text' : 'error-text'} role="status">
          {status.check.ok
            ? `The key works: Bybit answered a signed read${
                status.check.totalEquity !== null
                  ? ` (equity ${formatFixed(status.check.totalEquity, 2)} USDT)`
                  : ''
              }.`
            : status.check.message}
        </p>
      )}
      {status.check?.ok && status.check.account && <AccountFacts account={status.check.account} />}
    </div>
  );
}
