import { useId, useMemo } from 'react';
import { useUniverse } from '../../store/universe-store';

export function DatePicker() {
  const dates = useUniverse((state) => state.dates);
  const latestDate = useUniverse((state) => state.latest?.snapshot?.fetchDate ?? null);
  const viewDate = useUniverse((state) => state.viewDate);
  const viewPast = useUniverse((state) => state.viewPast);
  const options = useMemo(() => {
    const all = latestDate && !dates.includes(latestDate) ? [latestDate, ...dates] : dates;
    return all;
  }, [dates, latestDate]);
  const value = viewDate ?? latestDate ?? '';
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>Snapshot date</label>
      <select
        id={id}
        className="date-select"
        value={value}
        onChange={(event) => void viewPast(event.target.value)}
      >
        {options.map((date) => (
          <option key={date} value={date}>
            {date === latestDate ? `${date} (latest)` : date}
          </option>
        ))}
      </select>
    </div>
  );
}
