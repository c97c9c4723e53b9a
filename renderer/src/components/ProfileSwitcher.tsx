import { useState } from 'react';
import { errorMessage } from '../forms/form-failure';
import { ErrorText } from './FormStatus';
import { goTo } from '../store/navigation';
import { useAccount } from '../store/account-store';
import { useProfiles } from '../store/profiles-store';

/** The active profile, switchable from anywhere; its key state in one line beneath. */
export function ProfileSwitcher() {
  const list = useProfiles((state) => state.list);
  const select = useProfiles((state) => state.select);
  const status = useAccount((state) => state.status);
  const [error, setError] = useState<string | null>(null);
  if (!list || list.profiles.length === 0) return null;

  const keyState = !status
    ? '…'
    : !status.credential
      ? 'no API key'
      : status.credential.monitorOnly
        ? 'monitor only'
        : 'trading enabled';

  return (
    <div className="profile-switcher">
      <label htmlFor="activeProfile" className="muted small">
        Profile
      </label>
      <select
        id="activeProfile"
        value={list.activeProfileId ?? ''}
        onChange={(event) => {
          setError(null);
          select(Number(event.target.value)).catch((thrown: unknown) => setError(errorMessage(thrown)));
        }}
      >
        {list.profiles.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.name}
          </option>
        ))}
      </select>
      <button type="button" className="link-button small" onClick={() => goTo('settings', 'api-key')}>
        API key: {keyState}
      </button>
      <ErrorText error={error} small />
    </div>
  );
}
