import { Field } from '../../../forms/Field';
import { weightTotal, legFieldId, newLeg, type BasketDraft, type LegDraft } from './basket-draft';
import { completedSymbol, matchSymbol } from './symbol-completion';

/** The coins of a basket, one row each, with their weights when the trader sets them. */
export function LegRows({
  draft,
  fields,
  symbolsListId,
  symbols,
  onChange,
}: {
  draft: BasketDraft;
  fields: Readonly<Record<string, string>>;
  symbolsListId: string;
  /** Today's symbols: "btc" completes to BTCUSDT when the field is left, other near matches are offered. */
  symbols: readonly string[];
  onChange(legs: LegDraft[]): void;
}) {
  const custom = draft.weighting === 'custom';
  const setLeg = (i: number, patch: Partial<LegDraft>) =>
    onChange(draft.legs.map((leg, j) => (j === i ? { ...leg, ...patch } : leg)));
  const total = custom ? weightTotal(draft.legs) : null;
  const legsError = fields['definition.legs'];
  return (
    <div className="leg-rows" id="basketLegs" aria-describedby={legsError ? 'basketLegs-error' : undefined}>
      {draft.legs.map((leg, i) => {
        const symbolId = legFieldId(i, 'symbol');
        const weightId = legFieldId(i, 'weight');
        const match = matchSymbol(leg.symbol, symbols);
        // Offered while typing; a single match is also taken when the field is left.
        const offers = !match
          ? []
          : 'candidates' in match
            ? match.candidates
            : match.symbol === leg.symbol.trim()
              ? []
              : [match.symbol];
        return (
          <div className="leg-row" key={leg.key}>
            <Field
              id={symbolId}
              label={`Coin ${i + 1}`}
              error={fields[`definition.legs.${i}.symbol`] ?? fields[`definition.legs.${i}`]}
              hint={
                offers.length > 0 ? (
                  <span className="symbol-offers">
                    Did you mean{' '}
                    {offers.map((symbol) => (
                      <button
                        key={symbol}
                        type="button"
                        className="link-button"
                        onClick={() => setLeg(i, { symbol })}
                      >
                        {symbol}
                      </button>
                    ))}
                    ?
                  </span>
                ) : undefined
              }
            >
              <input
                id={symbolId}
                type="text"
                list={symbolsListId}
                value={leg.symbol}
                placeholder="BTCUSDT"
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setLeg(i, { symbol: event.target.value.toUpperCase() })}
                onBlur={() => {
                  const completed = completedSymbol(leg.symbol, symbols);
                  if (completed !== leg.symbol) setLeg(i, { symbol: completed });
                }}
              />
            </Field>
            {custom && (
              <Field
                id={weightId}
                label={`Weight of coin ${i + 1} (%)`}
                error={fields[`definition.legs.${i}.weight`]}
              >
                <input
                  id={weightId}
                  type="text"
                  inputMode="decimal"
                  className="weight-input"
                  value={leg.weightPercent}
                  placeholder="25"
                  onChange={(event) => setLeg(i, { weightPercent: event.target.value })}
                />
              </Field>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove coin ${i + 1}`}
              title="Remove this coin"
              disabled={draft.legs.length === 1}
              onClick={() => onChange(draft.legs.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        );
      })}
      <div className="leg-actions">
        <button type="button" onClick={() => onChange([...draft.legs, newLeg()])}>
          Add coin
        </button>
        {total !== null && (
          <span className={`small num ${total === '100' ? 'success-text' : 'muted'}`} role="status">
            Total {total} %
          </span>
        )}
      </div>
      {legsError && (
        <p id="basketLegs-error" className="error-text small field-error">
          {legsError}
        </p>
      )}
    </div>
  );
}
