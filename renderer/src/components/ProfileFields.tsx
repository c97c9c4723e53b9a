import { TextField } from '../forms/Field';

type ProfileKind = 'new' | 'edit';
export interface ProfileValues {
  name: string;
  email: string;
}

/** The fields' labels, by path: a new profile's (first start, Settings → New profile) and the active one's. */
export const profileLabels: Record<ProfileKind, Record<keyof ProfileValues, string>> = {
  new: { name: 'Profile name', email: 'Email (optional)' },
  edit: { name: 'Name', email: 'Email (optional)' },
};

const ids: Record<ProfileKind, Record<keyof ProfileValues, string>> = {
  new: { name: 'profileName', email: 'profileEmail' },
  edit: { name: 'editProfileName', email: 'editProfileEmail' },
};

/** A profile's name and email. A new profile's name field takes the focus and shows an example. */
export function ProfileFields({
  kind,
  errors = {},
  values,
  onChange,
}: {
  kind: ProfileKind;
  errors?: Readonly<Record<string, string>> | undefined;
  values: ProfileValues;
  onChange(values: ProfileValues): void;
}) {
  const fresh = kind === 'new';
  return (
    <>
      <TextField
        id={ids[kind].name}
        label={profileLabels[kind].name}
        error={errors.name}
        autoFocus={fresh}
        placeholder={fresh ? 'e.g. Main' : undefined}
        value={values.name}
        onChange={(name) => onChange({ ...values, name })}
      />
      <TextField
        id={ids[kind].email}
        label={profileLabels[kind].email}
        error={errors.email}
        inputMode="email"
        value={values.email}
        onChange={(email) => onChange({ ...values, email })}
      />
    </>
  );
}
