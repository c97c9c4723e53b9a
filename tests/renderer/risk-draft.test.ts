import { describe, expect, it } from 'vitest';
import * as riskForm from '../../renderer/src/pages/positions/detail/risk-draft';
import { openRequest } from '../../renderer/src/pages/new-position/open-request';
import type { Preview } from '../../shared/domain/preview';

/** What the form makes of the fields filled in, every other field left empty. */
const check = (filled: Partial<riskForm.RiskDraft>) =>
  riskForm.checkRiskDraft({ ...riskForm.emptyRiskDraft, ...filled });

/** The Risk panel's form: typed text to `rules`, and every refusal at its own field, in the core's words. */
describe('the Risk panel form', () => {
  it('turns filled fields into rules and leaves empty ones out', () => {
    const checked = check({
      stopLoss: ' -2 ',
      trailingStop: '3',
      closeAt: '2030-01-02T03:04',
      rebalanceEvery: '1w',
      rebalanceAt: '08:00',
      minTurnoverUsdt: '50',
      exchangeProtection: true,
    });
    expect(checked).toEqual({
      rules: {
        stopLoss: { percent: '-2' },
        trailingStop: { percent: '3' },
        closeAt: { time: '2030-01-02T03:04:00Z' },
        rebalance: { every: '1w', at: '08:00', minTurnoverUsdt: '50' },
        exchangeProtection: true,
      },
      fields: {},
    });
    expect(check({})).toEqual({ rules: {}, fields: {} });
  });

  it('marks each field at fault: a trailing stop of 0, a bad time of day, Bybit stops without a stop-loss', () => {
    const checked = check({
      trailingStop: '0',
      rebalanceEvery: '1d',
      rebalanceAt: '25:00',
      exchangeProtection: true,
    });
    expect(checked.rules).toBeNull();
    expect(checked.fields).toEqual({
      trailingStop: 'a trailing stop must be more than 0 %',
      rebalanceAt: 'must be a time of day in UTC, HH:MM (00:00 to 23:59)',
      exchangeProtection:
        'exchange-side protection places Bybit stops at the prices of the stop-loss: set a stop-loss',
    });
  });

  it.each([
    ['rules.stopLoss', 'stopLoss'],
    ['rules.closeAt.time', 'closeAt'],
    ['rules.rebalance.bufferRanks', 'bufferRanks'],
    ['rules.exitBeforeDelivery.hours', 'exitBeforeDeliveryHours'],
    ['positionId', null],
  ])('puts the core’s issue at %s at its field (%s): paths under rules. only', (path, field) => {
    expect(riskForm.fieldOfPath(path)).toBe(field);
  });

  it('fills the form from stored rules and gives the same rules back', () => {
    const rules = {
      stopLoss: { percent: '-2' },
      takeProfit: { percent: '5' },
      breakEvenAfter: { percent: '1' },
      rebalance: { trackingErrorAbove: '0.05', bufferRanks: 2 },
      exitBeforeDelivery: { hours: 24 },
    };
    expect(riskForm.checkRiskDraft(riskForm.draftOf(rules)).rules).toEqual(rules);
  });

  it('arms the rules with the open, and sends none when the form is empty', () => {
    const preview = {
      indexId: 'top5-equal',
      usdtSize: '1000',
      direction: 'long',
      leverage: '2',
      maxSlippagePercent: '0.5',
      strict: false,
    } as Preview;
    const rules = check({ stopLoss: '-2' }).rules!;
    expect(openRequest(preview, 'id', 'rollback', undefined, rules).risk).toEqual({
      stopLoss: { percent: '-2' },
    });
    expect('risk' in openRequest(preview, 'id', 'rollback', undefined, {})).toBe(false);
    expect(riskForm.fieldOfPath('risk.takeProfit')).toBe('takeProfit');
  });
});
