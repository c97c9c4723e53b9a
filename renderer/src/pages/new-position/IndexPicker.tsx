import type { IndexSummary } from '../../../../shared/domain/indices';
import { Field } from '../../forms/Field';
import { MissingSymbols } from './MissingSymbols';

/** Built-in indices and the profile's own baskets in one list, with what the chosen one is. */
export function IndexPicker({
  indices,
  value,
  error,
  onChange,
}: {
  /** null while the list is being read. */
  indices: readonly IndexSummary[] | null;
  value: string;
  error?: string | undefined;
  onChange(indexId: string): void;
}) {
  const all = indices ?? [];
  const builtIn = all.filter((index) => index.builtIn);
  const custom = all.filter((index) => !index.builtIn);
  const chosen = all.find((index) => index.id === value);
  const placeholder =
    indices === null ? 'Reading the indices…' : value ? `${value} (not found)` : 'Choose an index';
  return (
    <Field
      id="indexId"
      label="Index"
      error={error}
      hint={
        chosen && (
          <>
            {chosen.description}
            <MissingSymbols symbols={chosen.missingSymbols} />
          </>
        )
      }
    >
      <select id="indexId" value={value} onChange={(event) => onChange(event.target.value)}>
        {!chosen && <option value={value}>{placeholder}</option>}
        <optgroup label="Built-in">
          {builtIn.map((index) => (
            <option key={index.id} value={index.id}>
              {index.name}
            </option>
          ))}
        </optgroup>
        {custom.length > 0 && (
          <optgroup label="Your baskets">
            {custom.map((index) => (
              <option key={index.id} value={index.id}>
                {index.name}
                {index.missingSymbols.length > 0 ? ` (${index.missingSymbols.length} missing)` : ''}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </Field>
  );
}
