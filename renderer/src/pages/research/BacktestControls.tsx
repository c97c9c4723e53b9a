import { Field } from '../../forms/Field';
import { periods, rebalanceChoices, type Period, type RebalanceChoice } from './backtest-terms';

/** The window (30/90/365 days) and the rebalance rule of a backtest: radios and a select, keyboard first. */
export function BacktestControls({
  idPrefix,
  period,
  rebalance,
  errors,
  onPeriod,
  onRebalance,
}: {
  idPrefix: string;
  period: Period;
  rebalance: RebalanceChoice;
  errors: { period?: string | undefined; rebalance?: string | undefined };
  onPeriod(period: Period): void;
  onRebalance(choice: RebalanceChoice): void;
}) {
  const periodErrorId = `${idPrefix}-period-error`;
  return (
    <div className="backtest-controls">
      <fieldset
        className="choice-row field-like"
        aria-invalid={Boolean(errors.period)}
        aria-describedby={errors.period ? periodErrorId : undefined}
      >
        <legend>Period</legend>
        {periods.map((days) => (
          <label key={days}>
            <input
              type="radio"
              name={`${idPrefix}-period`}
              value={days}
              checked={period === days}
              onChange={() => onPeriod(days)}
            />{' '}
            {days} days
          </label>
        ))}
        {errors.period && (
          <span id={periodErrorId} className="error-text small field-error">
            {errors.period}
          </span>
        )}
      </fieldset>
      <Field id={`${idPrefix}-rebalance`} label="Rebalance" error={errors.rebalance}>
        <select
          id={`${idPrefix}-rebalance`}
          value={rebalance}
          onChange={(event) => onRebalance(event.target.value as RebalanceChoice)}
        >
          {Object.entries(rebalanceChoices).map(([value, choice]) => (
            <option key={value} value={value}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
