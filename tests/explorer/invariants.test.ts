import { describe, expect, it } from 'vitest';
import { executionsRecorded } from './invariants/executions-recorded';
import { realisedPnlMismatches } from './invariants/realised-pnl';
import { atRest, unsettledPositions } from './invariants/settled';
import { duplicateSends } from './invariants/wire-sends';
import { WorldBuilder } from './invariants/world-fixtures';
import type { PositionRecord } from './invariants/world';

const always = [{ uid: '1001', from: 0, to: null }];

describe('I1, nothing sent twice', () => {
  it('allows a resend after a refusal that booked nothing, and flags one after a booked send', () => {
    const send = (orderLinkId: string, booked: boolean, at: number) => ({
      orderLinkId,
      apiKey: 'k',
      at,
      booked,
    });
    expect(duplicateSends([send('a', false, 1), send('a', true, 2), send('b', true, 3)])).toEqual([]);
    const [violation, ...rest] = duplicateSends([send('a', true, 1), send('a', false, 2)]);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ invariant: 'I1', key: 'I1|a' });
    expect(violation!.message).toContain('booked at 1, refused at 2');
  });
});

describe('I2, every execution stored exactly once', () => {
  const traded = () =>
    new WorldBuilder().position(1, { BTCUSDT: '1' }).order(1, 'open', 'BTCUSDT', '1').byHand('BTCUSDT', '-1');

  it('passes when each fill is in trades or in the outside log', () => {
    expect(executionsRecorded(traded().world, { tenures: always, complete: true })).toEqual([]);
  });

  it('flags a missing fill only at a quiet point', () => {
    const b = traded();
    b.world.db.outside = [];
    expect(executionsRecorded(b.world, { tenures: always, complete: false })).toEqual([]);
    const [violation] = executionsRecorded(b.world, { tenures: always, complete: true });
    expect(violation!.message).toMatch(/^never stored: Trade Sell 1 BTCUSDT/);
  });

  it('flags a fill stored twice, one misfiled either way, and rows nothing executed', () => {
    const b = traded();
    const [own, hand] = b.world.ledger.executions;
    b.world.db.outside.push({ execId: own!.execId, userId: 1 });
    b.world.db.trades.push({
      ...b.world.db.trades[0]!,
      execId: hand!.execId,
      orderLinkId: null,
      kind: 'open',
    });
    b.world.db.trades.push({ ...b.world.db.trades[0]!, execId: 'made-up' });
    b.world.db.funding.push({ positionId: 1, execId: 'no-such-settlement', amount: '1' });
    const messages = executionsRecorded(b.world, { tenures: always, complete: false }).map((v) => v.message);
    expect(messages).toEqual([
      expect.stringMatching(/^stored 2 times: Trade Buy 1 BTCUSDT/),
      expect.stringMatching(/^stored 2 times: Trade Sell 1 BTCUSDT/),
      'a trade the exchange never executed: made-up of position 1',
      'funding of position 1 from a settlement that never happened: no-such-settlement',
    ]);
    b.world.db.trades.pop(); // made-up
    b.world.db.outside = [{ execId: own!.execId, userId: 1 }];
    b.world.db.trades.shift(); // own, now only in the outside log
    b.world.db.funding = [];
    expect(
      executionsRecorded(b.world, { tenures: always, complete: false }).map((v) => v.message.split(':')[0]),
    ).toEqual(["Synthex's own fill in the outside log", "an outside fill stored as a position's trade"]);
  });

  it('ignores adoptions, and outside fills of an account while no key of it was stored', () => {
    const b = traded().adopt(1, 'BTCUSDT', '-1');
    b.world.db.outside = [];
    const handAt = b.world.ledger.executions[1]!.execTime;
    expect(
      executionsRecorded(b.world, { tenures: [{ uid: '1001', from: 0, to: handAt }], complete: true }),
    ).toEqual([]);
    // Made just before the key was replaced: owed only when the app had time to see it.
    const tenures = [{ uid: '1001', from: 0, to: handAt + 5 }];
    expect(executionsRecorded(b.world, { tenures, complete: true, graceMs: 10 })).toEqual([]);
    expect(executionsRecorded(b.world, { tenures, complete: true }).map((v) => v.message)).toEqual([
      expect.stringMatching(/^never stored: Trade Sell 1 BTCUSDT/),
    ]);
  });

  it("owes Synthex's own fills on an account only while its key is stored, or if seen before it was replaced", () => {
    const b = traded();
    const own = b.world.ledger.executions[0]!;
    b.world.db.trades = b.world.db.trades.filter((t) => t.execId !== own.execId);
    const missing = [expect.stringMatching(/^never stored: Trade/)];
    // Its account's key is stored now: the app reads that account, so the fill is owed.
    expect(executionsRecorded(b.world, { tenures: always, complete: true }).map((v) => v.message)).toEqual(
      missing,
    );
    // Replaced by another account's key right after the fill: the app cannot read it until the key is back.
    const replaced = [
      { uid: own.uid, from: 0, to: own.execTime + 5 },
      { uid: '2002', from: own.execTime + 5, to: null },
    ];
    expect(executionsRecorded(b.world, { tenures: replaced, complete: true, graceMs: 10 })).toEqual([]);
    // Replaced long after it: the app had time to store it.
    const later = [
      { uid: own.uid, from: 0, to: own.execTime + 60_000 },
      { uid: '2002', from: own.execTime + 60_000, to: null },
    ];
    expect(
      executionsRecorded(b.world, { tenures: later, complete: true, graceMs: 10 }).map((v) => v.message),
    ).toEqual(missing);
  });

  it('accepts a liquidation in the outside log shared out among positions, never more than executed', () => {
    const shared = () =>
      new WorldBuilder()
        .position(1, { BTCUSDT: '6' })
        .position(2, { BTCUSDT: '4' })
        .order(1, 'open', 'BTCUSDT', '6')
        .order(2, 'open', 'BTCUSDT', '4');
    const ok = shared().adverse('BTCUSDT', '-10', { 1: '6', 2: '4' }).gone(2, 'BTCUSDT', '-4');
    expect(executionsRecorded(ok.world, { tenures: always, complete: true })).toEqual([]);
    const over = shared().adverse('BTCUSDT', '-5', { 1: '3', 2: '4' });
    expect(executionsRecorded(over.world, { tenures: always, complete: true }).map((v) => v.message)).toEqual(
      [expect.stringMatching(/^shared out 7 among positions, more than the BustTrade Sell 5/)],
    );
    const invented = shared();
    invented.world.db.trades.push({
      ...invented.world.db.trades[0]!,
      execId: 'exec-99/1',
      kind: 'liquidation',
    });
    expect(
      executionsRecorded(invented.world, { tenures: always, complete: true }).map((v) => v.message),
    ).toEqual(['a share of an execution that never happened: exec-99/1']);
  });

  it('flags a Funding settlement stored as a fill', () => {
    const b = traded();
    b.world.ledger.funding.push({
      ...b.world.ledger.executions[0]!,
      execId: 'funding-1',
      execType: 'Funding',
    });
    b.world.db.outside.push({ execId: 'funding-1', userId: 1 });
    expect(executionsRecorded(b.world, { tenures: always, complete: true }).map((v) => v.message)).toEqual([
      'a Funding settlement in the outside log: funding-1',
    ]);
  });
});

describe('I4, nothing stuck', () => {
  const position = (patch: Partial<PositionRecord>): PositionRecord =>
    new WorldBuilder().position(1, {}, patch).world.db.positions[0]!;

  it('counts final states, a close that gave up saying why, and a flag as rest', () => {
    expect(atRest(position({ status: 'ACTIVE' }))).toBe(true);
    expect(atRest(position({ status: 'CLOSED' }))).toBe(true);
    expect(
      atRest(
        position({ status: 'CLOSING', failureReason: 'Could not close BTCUSDT: … Close again to retry.' }),
      ),
    ).toBe(true);
    expect(atRest(position({ status: 'ACTIVE', flags: { account_mismatch: true } }))).toBe(true);
    const waiting = 'Waiting: HBARUSDT: delisted by Bybit; its 120 settles at delivery.';
    expect(atRest(position({ status: 'CLOSING', failureReason: waiting }))).toBe(true);
  });

  it('counts a position waiting for a key of the account it lives on as rest', () => {
    const elsewhere = position({ status: 'CLOSING', pendingAction: 'close', account: 'uid:1001' });
    expect(atRest(elsewhere, '1002')).toBe(true);
    expect(atRest(elsewhere, '1001')).toBe(false);
    expect(unsettledPositions([elsewhere], 150_000, '1001').map((v) => v.key)).toEqual(['I4|1']);
  });

  it('flags work under way and a rollback that never ends', () => {
    expect(atRest(position({ status: 'ACTIVE', pendingAction: 'repair' }))).toBe(false);
    expect(atRest(position({ status: 'EXECUTING' }))).toBe(false);
    expect(atRest(position({ status: 'CLOSING', failureReason: 'Could not open: XRPUSDT: …' }))).toBe(false);
    expect(unsettledPositions([position({ status: 'PENDING' })], 90_000)).toEqual([
      {
        invariant: 'I4',
        key: 'I4|1',
        message: 'position 1 is still PENDING 90 s after the faults stopped, and says nothing about why',
      },
    ]);
  });
});

describe('I5, realised PnL is the cash flows', () => {
  const closed = (realizedPnl: string) =>
    new WorldBuilder()
      .position(1, { BTCUSDT: '2' })
      .order(1, 'open', 'BTCUSDT', '2', { price: '100', fee: '0.11' })
      .byHand('BTCUSDT', '-1')
      .order(1, 'repair', 'BTCUSDT', '1', { price: '120', fee: '0.066' })
      .order(1, 'close', 'BTCUSDT', '-2', { price: '110', fee: '0.121' })
      .patchPosition(1, { status: 'CLOSED', realizedPnl });

  it('counts fills, every fee (a repair’s too, not its fills) and funding, to the cent', () => {
    // 220 − 200 − (0.11 + 0.066 + 0.121) = 19.703
    expect(realisedPnlMismatches(closed('19.703').world)).toEqual([]);
    expect(realisedPnlMismatches(closed('19.70').world)).toEqual([]);
    expect(realisedPnlMismatches(closed('19.69').world).map((v) => v.key)).toEqual(['I5|1']);
    const withFunding = closed('19.703');
    withFunding.world.db.funding.push({ positionId: 1, execId: 'f1', amount: '0.5' });
    const [violation] = realisedPnlMismatches(withFunding.world);
    expect(violation!.message).toContain('cash flows come to 19.203');
  });

  it('ignores positions that are not final', () => {
    const b = closed('0').patchPosition(1, { status: 'ACTIVE', realizedPnl: null });
    expect(realisedPnlMismatches(b.world)).toEqual([]);
  });
});
