/**
 * What a trader does, as a table: each entry is one weighted choice of the random walk. Contract calls
 * are fired and not awaited (positions.open, close, repair and rebalance answer at once and work in the
 * background), so the next steps interleave with them as a trader's clicks do.
 */
import { randomUUID } from 'node:crypto';
import { Dec, floorToStep } from '../../shared/decimal';
import { builtInIndices } from '../../shared/indices/built-in-indices';
import type { RequestOf } from '../../shared/contract';
import { byHand } from '../support/by-hand';
import { heldBy, pick, positionsIn, type ExplorerContext } from './explorer-context';

export interface ActionEntry {
  name: string;
  weight: number;
  /** Never paired with another action in one step (restarts, kills, settles, pauses). */
  solo?: boolean;
  /**
   * Describes what it did, for the trace (the draws are in `context.u`). What comes before a " — " is what
   * the seed chose (a replay compares it); what follows is what the market made of it (prices, sizes).
   */
  run(context: ExplorerContext): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Opening stops here: a run should trade, not pile up baskets. */
const maxLivePositions = 12;
const live = ['PENDING', 'EXECUTING', 'ACTIVE', 'CLOSING'];
/** Small baskets most of the time (they finish within a step or two), the big ones now and then. */
const indexOdds: [string, number][] = [
  ['top5-equal', 0.35],
  ['top10-equal', 0.25],
  ['top10-mcap', 0.12],
  ['top20-equal', 0.12],
  ['top20-mcap', 0.08],
  ['top50-equal', 0.08],
];

function indexFor(u: number): string {
  let at = 0;
  for (const [id, odds] of indexOdds) {
    at += odds;
    if (u < at) return id;
  }
  return builtInIndices[0]!.id;
}

interface OpenChosen {
  what: string;
  request: RequestOf<'positions.open'>;
}

/**
 * Chooses a basket the way a trader does: the preview first, whose left-out legs the open must acknowledge.
 */
async function chooseOpen(
  context: ExplorerContext,
  u: readonly number[],
  indexId = indexFor(u[0]!),
): Promise<OpenChosen> {
  const usdtSize = String(600 + Math.floor(u[1]! * 2400));
  const direction = u[2]! < 0.5 ? ('long' as const) : ('short' as const);
  const onPartialFailure = u[3]! < 0.25 ? ('keep' as const) : ('rollback' as const);
  const dropped = await context.app.invoke('indices.preview', { indexId, usdtSize, direction }).then(
    (preview) => preview.acknowledgement?.symbols,
    () => undefined, // a fault on the preview's reads: the open is refused or goes ahead, both are fine
  );
  return {
    what: `open ${indexId} ${usdtSize} ${direction} ${onPartialFailure}`,
    request: {
      requestId: randomUUID(),
      indexId,
      usdtSize,
      direction,
      onPartialFailure,
      ...(dropped ? { acknowledgedDropped: dropped } : {}),
    },
  };
}

function fireOpen(context: ExplorerContext, { what, request }: OpenChosen): string {
  context.fire('positions.open', request, what, ({ position }) =>
    context.trace(`  (${what} is position ${position.id})`),
  );
  return what;
}

function tooMany(context: ExplorerContext): boolean {
  return positionsIn(context.world, live).length >= maxLivePositions;
}

/** An ACTIVE position, altered ones first when `altered` (a repair or adoption has something to do). */
function activeTarget(context: ExplorerContext, u: number, altered: boolean) {
  const active = positionsIn(context.world, ['ACTIVE']);
  const preferred = altered ? active.filter((p) => p.isAltered) : [];
  return pick(preferred.length > 0 ? preferred : active, u);
}

/** Fires `positions.<verb>` on one ACTIVE position (altered ones first when `altered`), not awaited. */
function onActive(verb: 'adopt' | 'rebalance', weight: number, altered: boolean): ActionEntry {
  return {
    name: verb,
    weight,
    run: async (context) => {
      const target = activeTarget(context, context.u[0]!, altered);
      if (!target) return `${verb}: nothing active`;
      context.fire(`positions.${verb}`, { id: target.id }, `${verb} ${target.id}`);
      return `${verb} ${target.id}`;
    },
  };
}

/** A solo action that draws nothing: it does one thing and always says the same. */
function soloAction(
  name: string,
  weight: number,
  act: (context: ExplorerContext) => Promise<unknown>,
  says: string,
): ActionEntry {
  return {
    name,
    solo: true,
    weight,
    run: async (context) => {
      await act(context);
      return says;
    },
  };
}

export const traderActions: ActionEntry[] = [
  {
    name: 'open',
    weight: 16,
    run: async (context) =>
      tooMany(context)
        ? 'open: skipped, 12 positions live'
        : fireOpen(context, await chooseOpen(context, context.u)),
  },
  {
    name: 'open-two-at-once',
    weight: 3,
    run: async (context) => {
      if (tooMany(context)) return 'open two: skipped, 12 positions live';
      const chosen = await Promise.all([
        chooseOpen(context, context.u),
        chooseOpen(context, context.u.slice(4)),
      ]);
      return chosen.map((open) => fireOpen(context, open)).join(' + ');
    },
  },
  {
    name: 'close',
    weight: 11,
    run: async (context) => {
      const target = pick(positionsIn(context.world, ['ACTIVE', 'CLOSING']), context.u[0]!);
      if (!target) return 'close: nothing open';
      const twice = context.u[1]! < 0.2; // two tabs, or a resent frame
      for (let i = 0; i < (twice ? 2 : 1); i += 1)
        context.fire('positions.close', { id: target.id }, `close ${target.id}`);
      return `close ${target.id}${twice ? ' twice at once' : ''}`;
    },
  },
  {
    name: 'repair',
    weight: 7,
    run: async (context) => {
      const target = activeTarget(context, context.u[0]!, true);
      if (!target) return 'repair: nothing active';
      context.fire('positions.repair', { id: target.id }, `repair ${target.id}`);
      return `repair ${target.id}${target.isAltered ? ' (altered)' : ''}`;
    },
  },
  {
    // The review's race 1 as a trader meets it: a repair clicked while another basket of the same coins opens.
    name: 'repair-while-opening',
    weight: 2,
    run: async (context) => {
      const target = activeTarget(context, context.u[0]!, true);
      if (!target?.isAltered) return 'repair while opening: nothing altered';
      if (tooMany(context)) return 'repair while opening: skipped, 12 positions live';
      const open = await chooseOpen(context, context.u.slice(1), target.indexId);
      const what = fireOpen(context, open);
      // Repair clicked a moment after Open: its planning then meets the open's orders filling.
      const after = Math.floor(context.u[6]! * 600);
      await sleep(after);
      context.fire('positions.repair', { id: target.id }, `repair ${target.id}`);
      return `repair ${target.id} (altered) ${after} ms into ${what}`;
    },
  },
  onActive('adopt', 2, true),
  onActive('rebalance', 3, false),
  { name: 'hand-trade', weight: 8, run: handTrade },
  {
    name: 'rotate-key',
    weight: 2,
    run: async (context) => {
      const twice = context.u[0]! < 0.3; // two tabs, or the main window and the tray popup
      const calls = Array.from({ length: twice ? 2 : 1 }, () =>
        context.app.invoke('credentials.rotateKey', {}).then(
          (r) => `${r.credentials} keys`,
          (e: Error) => e.message,
        ),
      );
      const answers = await Promise.all(calls);
      await context.checkHealth('after a key rotation');
      return `rotate the data key${twice ? ' twice at once' : ''} — ${answers.join(' / ')}`;
    },
  },
  { name: 'replace-key', weight: 1.5, run: replaceKey },
  soloAction('restart', 1, (context) => context.restart('stop'), 'restart (SIGTERM)'),
  {
    name: 'kill',
    solo: true,
    weight: 1.5,
    run: async (context) => {
      const delay = Math.floor(context.u[0]! * 600);
      await sleep(delay);
      const group = context.u[1]! < 0.5;
      await context.restart(group ? 'kill-group' : 'kill-app');
      return `SIGKILL ${group ? 'the process group' : 'the app'} ${delay} ms into the step, start again`;
    },
  },
  {
    name: 'quiet',
    solo: true,
    weight: 5,
    run: async (context) => {
      const ms = 100 + Math.floor(context.u[0]! * 700);
      await sleep(ms);
      return `quiet ${ms} ms`;
    },
  },
  soloAction(
    'settle',
    1,
    (context) => context.settle('a quiet point'),
    'settle: faults cleared, every position at rest',
  ),
];

/**
 * Another client on the same key (Bybit's app) trades a coin Synthex holds: part or all of a position's
 * leg away (mostly), or more of it. Market orders, no orderLinkId, within Bybit's filters.
 */
async function handTrade(context: ExplorerContext): Promise<string> {
  const { u, world } = context;
  const holders = positionsIn(world, ['ACTIVE', 'EXECUTING', 'CLOSING']);
  const position = pick(holders, u[0]!);
  if (!position) return 'hand trade: Synthex holds nothing';
  const legs = world.db.components
    .filter((c) => c.positionId === position.id)
    .map((c) => ({ symbol: c.symbol, held: heldBy(world, position.id, c.symbol) }))
    .filter((leg) => !leg.held.isZero())
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
  const leg = pick(legs, u[1]!);
  const filters = leg && context.market.filtersOf(leg.symbol);
  if (!leg || !filters) return `hand trade: position ${position.id} holds nothing yet`;
  const fraction = pick(['0.25', '0.5', '1'], u[2]!)!;
  const step = new Dec(filters.qtyStep);
  const quantity = Dec.min(
    Dec.max(floorToStep(leg.held.abs().mul(fraction), step), filters.minOrderQty),
    filters.maxMktOrderQty,
  );
  const reduce = u[3]! < 0.7;
  const side = leg.held.isPositive() === reduce ? ('Sell' as const) : ('Buy' as const);
  const what = `by hand: ${side} ${fraction === '1' ? 'all' : `${Number(fraction) * 100} %`} of position ${position.id}'s ${leg.symbol} — ${quantity.toFixed()} ${reduce ? 'away from' : 'onto'} its ${leg.held.toFixed()}`;
  try {
    await byHand(context.sim, context.keys.key).market(leg.symbol, side, quantity.toFixed());
    return what;
  } catch (error) {
    const message = (error as Error).message;
    // A fault on order create meets the hand's order too: a Bybit refusal names its retCode; anything else
    // is an answer lost, and the order may well have been booked (the ledger says).
    return /^\d+ /.test(message)
      ? `${what}, refused: ${message}`
      : `${what}, answer lost (it may have been booked): ${message}`;
  }
}

/**
 * The trader stores another key: of a new Bybit account (another sub-account), or of one used before
 * (the first one included, the way back to the positions' own account).
 */
async function replaceKey(context: ExplorerContext): Promise<string> {
  const { u, keys } = context;
  const fresh = u[0]! < 0.5 && keys.accounts.length < 4;
  const index = fresh
    ? await keys.create()
    : (keys.current + 1 + Math.floor(u[1]! * Math.max(1, keys.accounts.length - 1))) % keys.accounts.length;
  if (index === keys.current) return 'replace the key: only one account';
  const { key, uid } = keys.accounts[index]!;
  const what = `store the key of ${fresh ? 'a new' : 'an earlier'} account ${uid}`;
  const stored = await context.app
    .invoke('credentials.set', {
      environment: 'custom',
      customRestUrl: context.sim.rest,
      customWsUrl: context.sim.ws,
      ...key,
    })
    .then(
      () => null,
      (e: Error) => e.message,
    );
  if (stored === null) keys.stored(index, Date.now());
  return stored === null ? what : `${what} — refused: ${stored}`;
}
