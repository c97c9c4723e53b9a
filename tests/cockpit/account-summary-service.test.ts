import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/domain/account';
import { AccountSummaryService } from '../../electron/core/account/account-summary-service';
import type { AccountSession } from '../../electron/core/bybit-account/exchange-sessions';
import type { Position, PrivateHandlers, StreamState } from '../../electron/core/exchange';
import { EventBus } from '../../electron/core/rpc/event-bus';
import { silentLogger } from '../../electron/core/util/logger';
import { idleWallet as wallet, marginedRow } from '../support/exchange-rows';
import { ManualClock } from '../support/manual-clock';

/**
 * The service's own logic with a scripted account (no network): REST seeds it, pushes and ticks move it,
 * a reconnect reads the whole account again, and account.updated is coalesced on an injected clock.
 */
function row(
  symbol: string,
  side: 'Buy' | 'Sell' | '',
  size: string,
  entry: string,
  mark: string,
  seq: number,
): Position {
  return marginedRow({ symbol, side, size, entry, mark, liqPrice: '', seq });
}

function scriptedAccount() {
  const state = {
    wallet: wallet('1000'),
    positions: [row('BTCUSDT', 'Buy', '0.01', '50000', '50000', 1)],
    reads: 0,
  };
  let privateHandlers: PrivateHandlers | null = null;
  let onTick: ((tick: { symbol: string; markPrice: string }) => void) | null = null;
  const stateListeners = new Set<(stream: 'public' | 'private', state: StreamState) => void>();
  const streams = {
    subscribePrivate: async (handlers: PrivateHandlers) => {
      privateHandlers = handlers;
      return async () => undefined;
    },
    subscribeTickers: async (_symbols: string[], listener: typeof onTick) => {
      onTick = listener;
      return async () => undefined;
    },
    onState: (listener: (stream: 'public' | 'private', state: StreamState) => void) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
  const session = {
    profileId: 1,
    streams: () => streams,
    gateway: {
      getWalletBalance: async () => {
        state.reads += 1;
        return state.wallet;
      },
      getPositions: async () => state.positions,
      getAccountInfo: async () => ({ unifiedMarginStatus: 5, marginMode: 'REGULAR_MARGIN' }),
    },
  } as unknown as AccountSession;
  return {
    state,
    session,
    tick: (symbol: string, markPrice: string) => onTick!({ symbol, markPrice }),
    push: () => privateHandlers!,
    setState: (stream: 'public' | 'private', next: StreamState) =>
      stateListeners.forEach((l) => l(stream, next)),
  };
}

async function started(clock: ManualClock) {
  const account = scriptedAccount();
  const events = new EventBus();
  const emitted: (AccountSummary & { emittedAt: number })[] = [];
  events.subscribe((event, payload) => {
    if (event === 'account.updated') emitted.push({ ...(payload as AccountSummary), emittedAt: clock.now() });
  });
  const service = new AccountSummaryService({
    events,
    logger: silentLogger,
    activeProfileId: async () => 1,
    session: async () => account.session,
    clock,
  });
  await service.start();
  clock.advanceTo(clock.time);
  return { account, service, emitted };
}

describe('AccountSummaryService', () => {
  it('moves equity, margins and unrealised with each mark; a wallet push replaces the balance', async () => {
    const clock = new ManualClock();
    const { account, service } = await started(clock);
    account.tick('BTCUSDT', '51000');
    const moved = (await service.summary())!;
    expect(moved.unrealizedPnl).toBe('10');
    expect(moved.equity).toBe('1010');
    // IM and MM scale with the mark: 0.01 × 51000 × rate.
    expect(moved.initialMargin).toBe('102.2805');
    expect(moved.maintenanceMargin).toBe('2.8305');
    expect(moved.availableBalance).toBe('907.7195');
    expect(moved.marginRatio).toBe('0.002802');
    account.push().onWallet!([wallet('990')]);
    expect((await service.summary())!.equity).toBe('1000');
    await service.stop();
  });

  it('publishes at most 4 account.updated a second under 1000 ticks a second, ending on the last mark', async () => {
    const clock = new ManualClock();
    const { account, service, emitted } = await started(clock);
    const before = emitted.length;
    for (let ms = 0; ms < 3000; ms += 1) {
      clock.advanceTo(1000 + ms);
      account.tick('BTCUSDT', String(50000 + (ms % 97)));
    }
    account.tick('BTCUSDT', '52000');
    clock.advanceTo(5000);
    const storm = emitted.slice(before);
    // Any one second (starting at any event) holds at most 4 events; the storm was followed all along.
    for (const first of storm)
      expect(
        storm.filter((e) => e.emittedAt >= first.emittedAt && e.emittedAt < first.emittedAt + 1000).length,
      ).toBeLessThanOrEqual(4);
    expect(storm.length).toBeGreaterThanOrEqual(12);
    expect(storm.at(-1)!.unrealizedPnl).toBe('20');
    await service.stop();
  });

  it('reads the whole account again when the private stream is resubscribed after a drop', async () => {
    const clock = new ManualClock();
    const { account, service } = await started(clock);
    const reads = account.state.reads;
    account.setState('private', 'disconnected');
    expect((await service.summary())!.live).toBe(false);
    // Missed while away: a fill closed the position and the wallet changed.
    account.state.wallet = wallet('1025');
    account.state.positions = [row('BTCUSDT', '', '0', '0', '52000', 2)];
    account.setState('private', 'resubscribed');
    await new Promise((resolve) => setImmediate(resolve));
    const after = (await service.summary())!;
    expect(account.state.reads).toBe(reads + 1);
    expect(after).toMatchObject({ live: true, equity: '1025', openPositions: 0, positionMode: 'none' });
    await service.stop();
  });
});
