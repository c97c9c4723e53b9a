import { useEffect, useState, type FormEvent } from 'react';
import type { Position } from '../../../../../shared/domain/positions';
import type { RiskView } from '../../../../../shared/domain/risk';
import { api } from '../../../api/client';
import { asSynthexError, errorMessage } from '../../../forms/form-failure';
import { DataTable, type DataColumn } from '../../../components/DataTable';
import { formatTimestamp } from '../../../format';
import { checkRiskDraft, draftOf, fieldOfPath, type RiskDraft, type RiskField } from './risk-draft';
import { RiskRuleFields } from './RiskRuleFields';

const settable = new Set(['PENDING', 'EXECUTING', 'ACTIVE']);
const dash = (value: string | null) => value ?? '—';

interface LevelRow {
  leg: RiskView['legs'][number];
  guard: RiskView['protection'][number] | undefined;
}

const guardText = ({ guard }: LevelRow) =>
  !guard ? '—' : guard.state === 'placed' ? `at ${guard.stopLoss}` : `${guard.state}: ${guard.reason ?? ''}`;

const levelColumns: readonly DataColumn<LevelRow>[] = [
  { key: 'symbol', label: 'Symbol', rowHeader: true, render: ({ leg }) => leg.symbol },
  { key: 'quantity', label: 'Quantity', numeric: true, render: ({ leg }) => leg.quantity },
  { key: 'mark', label: 'Mark', numeric: true, render: ({ leg }) => dash(leg.markPrice) },
  { key: 'stop', label: 'Stop at', numeric: true, render: ({ leg }) => dash(leg.stopPrice) },
  {
    key: 'takeProfit',
    label: 'Take-profit at',
    numeric: true,
    render: ({ leg }) => dash(leg.takeProfitPrice),
  },
  { key: 'guard', label: 'Bybit stop', cellClassName: 'small', render: guardText },
];

/** Per leg, the price at which it alone takes the basket to the stop or the take-profit, and Bybit's stop. */
function PriceLevelsTable({ view }: { view: RiskView }) {
  const rows = view.legs.map((leg) => ({ leg, guard: view.protection.find((p) => p.symbol === leg.symbol) }));
  return (
    <DataTable
      label="Price levels per leg"
      compact
      caption="Where each leg alone takes the basket to the level, the others where they are now."
      columns={levelColumns}
      rows={rows}
      rowKey={({ leg }) => leg.symbol}
    />
  );
}

/**
 * The position's risk rules (docs/risk.md): what is armed and the price levels it means today per leg,
 * Bybit's own stops and why a leg has none, what fired; a form to set them (errors at the field, in the
 * core's words) and to clear them. Follows `risk.updated`.
 */
export function RiskPanel({ position }: { position: Position }) {
  const [view, setView] = useState<RiskView | null>(null);
  const [draft, setDraft] = useState<RiskDraft | null>(null);
  const [fields, setFields] = useState<Partial<Record<RiskField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = position.id;

  useEffect(() => {
    let live = true;
    api
      .invoke('risk.get', { positionId: id })
      .then((answer) => live && setView(answer))
      .catch((thrown: unknown) => live && setError(errorMessage(thrown)));
    const off = api.on('risk.updated', (next) => {
      if (next.positionId === id) setView(next);
    });
    return () => {
      live = false;
      off();
    };
  }, [id]);

  if (!view) return null;
  const editing = draft !== null;
  const canSet = settable.has(position.status);

  const run = async (work: () => Promise<RiskView>) => {
    setBusy(true);
    try {
      setView(await work());
      setDraft(null);
      setFields({});
      setError(null);
    } catch (thrown) {
      const failure = asSynthexError(thrown);
      const marked: Partial<Record<RiskField, string>> = {};
      for (const issue of failure.issues ?? []) {
        const field = fieldOfPath(issue.path);
        if (field) marked[field] ??= issue.message;
      }
      setFields(marked);
      setError(Object.keys(marked).length ? 'Check the marked fields.' : errorMessage(thrown));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkRiskDraft(draft!);
    setFields(checked.fields);
    if (!checked.rules) return setError('Check the marked fields.');
    void run(() => api.invoke('risk.set', { positionId: id, rules: checked.rules! }));
  };

  return (
    <section className="detail-section risk-panel" aria-label="Risk rules of the position">
      <header className="section-header">
        <h2>Risk</h2>
        {!editing && canSet && (
          <button type="button" onClick={() => setDraft(draftOf(view.rules))}>
            {view.rules ? 'Edit rules…' : 'Set rules…'}
          </button>
        )}
        {!editing && view.rules && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => api.invoke('risk.clear', { positionId: id }))}
          >
            Clear rules
          </button>
        )}
      </header>
      <p className={view.rules ? '' : 'muted'}>
        {view.summary || 'No rules: nothing acts on this basket by itself.'}
      </p>
      {view.watchNote && <p className="muted small">{view.watchNote}</p>}
      {view.rules && (
        <p className="small">
          PnL now {dash(view.pnl)} USDT · stop{' '}
          {view.stopLevel ? `${view.stopLevel.usdt} USDT (${view.stopLevel.rule})` : '—'} · take-profit{' '}
          {dash(view.takeProfitLevel)} USDT · initial margin {view.initialMargin} USDT
          {view.nextRebalanceAt && ` · next rebalance ${formatTimestamp(view.nextRebalanceAt)}`}
        </p>
      )}
      {view.rules && view.legs.length > 0 && <PriceLevelsTable view={view} />}
      {view.triggers.length > 0 && (
        <ol className="position-history" aria-label="Risk rules fired">
          {view.triggers.slice(0, 5).map((trigger) => (
            <li key={trigger.id}>
              <span className="muted small">{formatTimestamp(trigger.decidedAt)}</span>{' '}
              <strong>{trigger.rule}</strong> {trigger.state}
              {trigger.pnlSeen && ` at PnL ${trigger.pnlSeen} USDT`}
              {trigger.outcome && ` — ${trigger.outcome}`}
            </li>
          ))}
        </ol>
      )}
      {editing && (
        <form
          className="risk-form"
          aria-label="Set risk rules"
          onSubmit={save}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              setDraft(null);
              setFields({});
              setError(null);
            }
          }}
        >
          <RiskRuleFields draft={draft} fields={fields} onChange={setDraft} focusFirst />
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save rules'}
            </button>
            <button type="button" disabled={busy} onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
