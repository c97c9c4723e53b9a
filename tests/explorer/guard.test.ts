import { describe, expect, it } from 'vitest';
import { checkGuard, GuardFold } from './invariants/guard';
import { WorldBuilder } from './invariants/world-fixtures';
import { judgedUntil } from './judge';

const keys = (b: WorldBuilder) => checkGuard(b.world).map((v) => v.key);

/** Positions (by id) each holding `sizes[id]` of one symbol, then each one's open order for it, in id order. */
function opened(symbol: string, sizes: Record<number, string>, b = new WorldBuilder()): WorldBuilder {
  const ids = Object.keys(sizes).map(Number);
  for (const id of ids) b.position(id, { [symbol]: sizes[id]! });
  for (const id of ids) b.order(id, 'open', symbol, sizes[id]!);
  return b;
}

describe('I3, the guard over the ledger', () => {
  it('flags a close that crosses zero after a leg was closed by hand', () => {
    const b = opened('BTCUSDT', { 1: '10' }).byHand('BTCUSDT', '-10').order(1, 'close', 'BTCUSDT', '-10');
    const [violation, ...rest] = checkGuard(b.world);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ invariant: 'I3', key: 'I3|1|close' });
    expect(violation!.message).toContain('from 0 to -10');
  });

  it('does not hold against an order a hand trade it could not have seen yet (made just before or after it was sent)', () => {
    const closeAfterHand = (justBeforeNext: boolean) =>
      opened('BTCUSDT', { 1: '10', 2: '5' })
        .byHand('BTCUSDT', '-3', { justBeforeNext })
        .order(1, 'close', 'BTCUSDT', '-10');
    // The hand sold 3 a moment before the close was sent: the guard saw 15, and 15 - 10 is what position 2 holds.
    expect(keys(closeAfterHand(true))).toEqual([]);
    // A repair answering a hand sale it did see a moment before is right on the account as it was.
    const repair = opened('DOGEUSDT', { 1: '100' })
      .byHand('DOGEUSDT', '-100', { justBeforeNext: true })
      .order(1, 'repair', 'DOGEUSDT', '100');
    expect(keys(repair)).toEqual([]);
    // Seconds before: the app knew, and the close should have stopped at 5.
    const [violation] = checkGuard(closeAfterHand(false).world);
    expect(violation).toMatchObject({ key: 'I3|1|close' });
    expect(violation!.message).toContain('from 12 to 2');
  });

  it('lets a close sell down to what another position expects (the netting case), not past it', () => {
    const ok = opened('BTCUSDT', { 1: '10', 2: '-10' }).order(1, 'close', 'BTCUSDT', '-10');
    expect(keys(ok)).toEqual([]);
    const past = opened('BTCUSDT', { 1: '10', 2: '-10' }).order(1, 'close', 'BTCUSDT', '-12');
    expect(keys(past)).toEqual(['I3|1|close']);
  });

  it('lets an open add its own remainder on top of what the account holds by hand, and no more', () => {
    const ok = new WorldBuilder()
      .position(1, { ETHUSDT: '10' })
      .byHand('ETHUSDT', '5')
      .order(1, 'open', 'ETHUSDT', '6')
      .order(1, 'open', 'ETHUSDT', '4');
    expect(keys(ok)).toEqual([]);
    const over = new WorldBuilder()
      .position(1, { ETHUSDT: '10' })
      .order(1, 'open', 'ETHUSDT', '6')
      .order(1, 'open', 'ETHUSDT', '6');
    expect(keys(over)).toEqual(['I3|1|open']);
  });

  it('flags race 1: a repair that sells what another position is opening on the same coin', () => {
    const setup = () =>
      opened('SOLUSDT', { 1: '10' })
        .byHand('SOLUSDT', '-4')
        .position(2, { SOLUSDT: '10' })
        .order(2, 'open', 'SOLUSDT', '10');
    // The repair planned from trades that do not yet hold P2's fill: expected 10, Bybit 16, so it sells 6.
    expect(keys(setup().order(1, 'repair', 'SOLUSDT', '-6'))).toEqual(['I3|1|repair']);
    // The right repair buys back only what the hand took.
    expect(keys(setup().order(1, 'repair', 'SOLUSDT', '4'))).toEqual([]);
  });

  it('does not count a repair fill in the position, so the close after it is judged from the right holding', () => {
    const b = opened('XRPUSDT', { 1: '10' })
      .byHand('XRPUSDT', '-4')
      .order(1, 'repair', 'XRPUSDT', '4')
      .order(1, 'close', 'XRPUSDT', '-10');
    expect(keys(b)).toEqual([]);
  });

  it('counts an adoption in the position: closing what it adopted stays at zero', () => {
    const b = opened('XRPUSDT', { 1: '10' })
      .byHand('XRPUSDT', '-4')
      .adopt(1, 'XRPUSDT', '-4')
      .order(1, 'close', 'XRPUSDT', '-6');
    expect(keys(b)).toEqual([]);
  });

  it('flags an order of a position that reaches another account (the key now belongs to another one)', () => {
    const b = new WorldBuilder()
      .position(1, { BTCUSDT: '10' })
      .order(1, 'open', 'BTCUSDT', '10', { uid: '1001' })
      .order(1, 'close', 'BTCUSDT', '-10', { uid: '2002' });
    expect(keys(b)).toEqual(['I3|binding|1|2002', 'I3|1|close']);
  });

  it('judges a rebalance against the snapshot it was placed for', () => {
    const shrink = opened('DOGEUSDT', { 1: '100' })
      .replaceComponents(1, { DOGEUSDT: '60' })
      .order(1, 'rebalance', 'DOGEUSDT', '-40');
    expect(keys(shrink)).toEqual([]);
    const tooFar = opened('DOGEUSDT', { 1: '100' })
      .replaceComponents(1, { DOGEUSDT: '60' })
      .order(1, 'rebalance', 'DOGEUSDT', '-50');
    expect(keys(tooFar)).toEqual(['I3|1|rebalance']);
    // A shrink after the leg was closed by hand would open the other side: not an "add", so flagged.
    const flips = opened('DOGEUSDT', { 1: '100' })
      .byHand('DOGEUSDT', '-100')
      .replaceComponents(1, { DOGEUSDT: '60' })
      .order(1, 'rebalance', 'DOGEUSDT', '-40');
    expect(keys(flips)).toEqual(['I3|1|rebalance']);
  });

  it('keeps hedge rows apart: a short leg leaving the index must reduce row 2, not buy on row 1', () => {
    const setup = () =>
      new WorldBuilder()
        .position(1, { XRPUSDT: '-91' })
        .order(1, 'open', 'XRPUSDT', '-91', { positionIdx: 2 })
        .replaceComponents(1, { XRPUSDT: '0' });
    expect(keys(setup().order(1, 'rebalance', 'XRPUSDT', '91', { positionIdx: 2 }))).toEqual([]);
    expect(keys(setup().order(1, 'rebalance', 'XRPUSDT', '91', { positionIdx: 1 }))).toEqual([
      'I3|1|rebalance',
    ]);
  });

  it('stops counting a position once it is closed', () => {
    const b = opened('BTCUSDT', { 1: '10', 2: '10' });
    // Position 1 is marked closed outside Synthex while the account still holds its 10.
    b.patchPosition(1, { status: 'CLOSED', closedAt: b.now() + 1 });
    b.byHand('BTCUSDT', '-10');
    b.order(2, 'close', 'BTCUSDT', '-10');
    expect(keys(b)).toEqual([]);
  });

  it('counts a liquidation share and a leg recorded as gone in what a position holds', () => {
    // Position 1's 6 BTC are liquidated; position 2's 4 were closed by hand and recorded as gone: a
    // close of position 3 may then take the account to 0 (nothing else expected), and not past it.
    const b = opened('BTCUSDT', { 1: '6', 2: '4', 3: '5' })
      .adverse('BTCUSDT', '-6', { 1: '6' })
      .byHand('BTCUSDT', '-4')
      .gone(2, 'BTCUSDT', '-4');
    expect(keys(b.order(3, 'close', 'BTCUSDT', '-5'))).toEqual([]);
    const without = opened('BTCUSDT', { 1: '6', 3: '5' })
      .adverse('BTCUSDT', '-6', {})
      .order(3, 'close', 'BTCUSDT', '-5');
    // Nobody owned the liquidation: position 1 still expects 6, so the close went past what was expected.
    expect(keys(without)).toEqual(['I3|3|close']);
  });

  it('counts an ADL share the app stored after its execution was judged (seed 101: the app was killed in between)', () => {
    // Positions 1 and 2 long 6 and 2 BTC; Bybit deleverages 4 of the 8. The app is down, so the fold judges
    // the ADL before the app shares it out (3 from position 1, 1 from position 2); after its restart it stores
    // the shares and position 2's close sells the 1 it still holds: 4 → 3, what position 1 still holds.
    const b = opened('BTCUSDT', { 1: '6', 2: '2' }).adverse('BTCUSDT', '-4', { 1: '3', 2: '1' }, 'AdlTrade');
    const { ledger, db } = b.world;
    const beforeShares = {
      ...b.world,
      ledger: { ...ledger, executions: [...ledger.executions], orders: [...ledger.orders] },
      db: { ...db, trades: db.trades.filter((t) => t.kind !== 'adl') },
    };
    b.order(2, 'close', 'BTCUSDT', '-1');
    const fold = new GuardFold();
    expect(fold.advance(beforeShares, Number.POSITIVE_INFINITY)).toEqual([]);
    expect(fold.advance(b.world, Number.POSITIVE_INFINITY)).toEqual([]);
    // Judged whole, the same world: the shares were there from the start.
    expect(keys(b)).toEqual([]);
    // And the shares are counted once: a later read that has them again changes nothing.
    b.order(1, 'close', 'BTCUSDT', '-3');
    expect(fold.advance(b.world, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('does not hold against an order a liquidation the app was never shown (its pushes dropped, no read since)', () => {
    // Position 1 short 475 TRX, position 2 long 300: the account is short 175 until Bybit liquidates it.
    // Position 1's close, sized from the view before the liquidation, buys 475 into an account at 0.
    const closeAfterLiquidation = (shown: boolean) => {
      const b = opened('TRXUSDT', { 1: '-475', 2: '300' }, new WorldBuilder().recordSightings()).adverse(
        'TRXUSDT',
        '175',
        { 1: '175' },
      );
      if (shown) b.positionPushed('TRXUSDT');
      return b.order(1, 'close', 'TRXUSDT', '475');
    };
    // Seconds later, but no push or read ever showed the liquidation: the guard's view was right then.
    expect(keys(closeAfterLiquidation(false))).toEqual([]);
    // A position push showed it: the close should have stopped at what position 2 holds, 300.
    const [violation] = checkGuard(closeAfterLiquidation(true).world);
    expect(violation).toMatchObject({ key: 'I3|1|close' });
    expect(violation!.message).toContain('from 0 to 475');
  });

  it('judges each fill once when advanced step by step, as a full replay does', () => {
    const b = opened('BTCUSDT', { 1: '10' });
    const middle = b.now();
    b.byHand('BTCUSDT', '-10').order(1, 'close', 'BTCUSDT', '-10');
    const fold = new GuardFold();
    expect(fold.advance(b.world, middle)).toEqual([]);
    expect(fold.advance(b.world, Number.POSITIVE_INFINITY).map((v) => v.key)).toEqual(keys(b));
    expect(fold.advance(b.world, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('judges no fill newer than the rows it was read with (a leg recorded as gone may not be in them yet)', () => {
    // Position 2's 5 BTC were sold by hand and the app recorded the leg gone just before position 1's close
    // took the account from 10 to 0; the rows were read before that record, the ledger (read last) has the close.
    const b = opened('BTCUSDT', { 1: '10', 2: '5' }).byHand('BTCUSDT', '-5');
    const readAt = b.now();
    b.gone(2, 'BTCUSDT', '-5').order(1, 'close', 'BTCUSDT', '-10');
    const rows = { ...b.world, db: { ...b.world.db, readAt, trades: b.world.db.trades.slice(0, -2) } };
    rows.db.trades.push(b.world.db.trades.at(-1)!); // the close's own fill, not the gone record
    // Judged then, the close looks as if it sold position 2's 5 as well:
    expect(new GuardFold().advance(rows, Number.POSITIVE_INFINITY).map((v) => v.key)).toEqual(['I3|1|close']);
    // Judged up to the rows' read, it waits for the next read, which has the record: nothing to flag.
    const fold = new GuardFold();
    expect(fold.advance(rows, judgedUntil(rows, Number.POSITIVE_INFINITY))).toEqual([]);
    expect(fold.advance(b.world, judgedUntil(b.world, Number.POSITIVE_INFINITY))).toEqual([]);
  });
});
