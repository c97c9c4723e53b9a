import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsPatchSchema } from '../../shared/domain/settings';
import { checkSettingsDraft, toDraft } from '../../renderer/src/pages/settings/settings-draft';

const draft = toDraft(defaultSettings);

describe('the Settings form', () => {
  it('refuses "abc" as an alert threshold at its field (it saved as off and said Saved)', () => {
    const checked = checkSettingsDraft({ ...draft, pnlMovePercent: 'abc' }, {});
    expect(checked.patch).toBeNull();
    expect(checked.fields).toEqual({
      'alerts.pnlMovePercent': 'must be a number, such as 5 or 2.5',
    });
    expect(checkSettingsDraft({ ...draft, pnlTotalUsdt: '12 USDT' }, {}).fields).toEqual({
      'alerts.pnlTotalUsdt': 'must be an amount in USDT, like 50 or 12.5',
    });
    expect(checkSettingsDraft({ ...draft, pnlTotalPercent: '5000' }, {}).fields).toEqual({
      'alerts.pnlTotalPercent': 'must be at most 1000 %',
    });
  });

  it('sends a number for a percentage threshold, decimal text for an amount, and null for empty', () => {
    const checked = checkSettingsDraft({ ...draft, pnlMovePercent: '2.5 %', pnlPositionUsdt: '40' }, {});
    expect(checked.fields).toEqual({});
    expect(checked.patch?.alerts).toMatchObject({
      pnlMovePercent: 2.5,
      pnlPositionUsdt: '40',
      pnlTotalPercent: null,
      pnlTotalUsdt: null,
    });
  });

  it('refuses a slippage cap outside 0.01–10 % and a tracking error threshold that is no number', () => {
    expect(checkSettingsDraft({ ...draft, maxSlippagePercent: '12' }, {}).fields).toEqual({
      maxSlippagePercent: 'the slippage cap must be at most 10',
    });
    expect(checkSettingsDraft({ ...draft, maxSlippagePercent: '-1' }, {}).fields).toEqual({
      maxSlippagePercent: 'the slippage cap must be more than 0',
    });
    expect(checkSettingsDraft({ ...draft, trackingErrorAcknowledgePercent: 'five' }, {}).fields).toEqual({
      trackingErrorAcknowledgePercent: 'must be a number with at most 2 decimals',
    });
    const checked = checkSettingsDraft(
      { ...draft, maxSlippagePercent: '1.2', trackingErrorAcknowledgePercent: '8' },
      {},
    );
    expect(checked.patch).toMatchObject({ maxSlippagePercent: '1.2', trackingErrorAcknowledgePercent: '8' });
  });

  it('leaves out the fields an environment variable pins', () => {
    const checked = checkSettingsDraft(draft, { userDbUrl: 'SYNTHEX_USER_DB_URL' });
    expect(checked.patch).not.toHaveProperty('userDbUrl');
    expect(checked.patch).toHaveProperty('generalDbUrl', null);
  });
});

describe('the settings contract', () => {
  it('refuses a threshold that is no number, whatever the client sends', () => {
    for (const bad of ['abc', Number.NaN, '5'])
      expect(settingsPatchSchema.safeParse({ alerts: { pnlMovePercent: bad } }).success).toBe(false);
    // A change that leaves the new threshold out keeps it (no default sneaks into a change).
    expect(settingsPatchSchema.parse({ updateChannel: 'beta' })).toEqual({ updateChannel: 'beta' });
  });
});
