import { SynthexError } from '../../../shared/contract';
import { Dec } from '../../../shared/decimal';
import type { RiskListItem, RiskRules, RiskView } from '../../../shared/domain/risk';
import { describeRules, initialMargin } from '../../../shared/risk/levels';
import { nextSlot } from '../../../shared/risk/schedule';
import { riskRuleIssues } from '../../../shared/risk/validate-rules';
import { databasesOpen, type Feature, type FeatureContext } from '../feature';
import type { PnlService } from '../pnl/pnl-service';
import type { PositionEngine } from '../positions/position-engine';
import { recordPositionEvents } from '../positions/position-events';
import { componentRows, getPositionRow, type PositionRow } from '../ledger/position-repository';
import { positionNotFound } from '../positions/position-queries';
import type { ProfilesFeature } from '../profiles/profiles-feature';
import { indexKindOf, type ArmedPosition } from './armed-position';
import { clearRules, protectionOf, rulesOf, rulesRow, storeRules, triggerRows } from './risk-repository';
import { RiskService, type RiskOptions } from './risk-service';
import { riskView, ruleWords, summaryOf } from './risk-view';

export type RiskChannel = 'risk.set' | 'risk.get' | 'risk.clear' | 'risk.list';

export interface RiskFeature extends Feature<RiskChannel> {
  service: RiskService;
}

const settable = new Set(['PENDING', 'EXECUTING', 'ACTIVE']);

/**
 * `risk.*` and the `risk.triggered` / `risk.updated` events: a position's rules, set in words-checked form,
 * evaluated by the risk service on every PnL fold and on the clock (docs/risk.md).
 */
export function createRiskFeature(
  context: FeatureContext,
  deps: {
    engine: PositionEngine;
    pnl: PnlService;
    profiles: ProfilesFeature;
    options?: RiskOptions;
  },
): RiskFeature {
  const db = () => context.databases().user;
  const service = new RiskService({
    db,
    events: context.events,
    logger: context.logger,
    engine: deps.engine,
    pnl: deps.pnl,
    options: deps.options,
  });
  let started = false;

  const nextRebalance = (armed: ArmedPosition | undefined): number | null =>
    armed?.rules.rebalance?.every
      ? nextSlot(armed.rules.rebalance, armed.lastCalendarSlot ?? armed.armedAt)
      : null;

  const watchNote = async (row: PositionRow): Promise<string | null> => {
    if (row.status !== 'ACTIVE')
      return settable.has(row.status) ? 'The rules apply once the position is ACTIVE.' : null;
    const folded = service.folded;
    if (
      !folded?.book.has(row.id) ||
      (await deps.profiles.activeProfileId().catch(() => null)) !== row.user_id
    )
      return 'Price rules are watched while this position’s profile is the active one and Synthex runs; time rules and Bybit’s own stops apply meanwhile.';
    if (folded.book.positionStale(row.id, folded.now, folded.staleAfterMs))
      return 'Prices are stale: the stops are not evaluated until they are live again.';
    return null;
  };

  const view = async (positionId: number): Promise<RiskView> => {
    const row = await getPositionRow(db(), positionId);
    if (!row) throw positionNotFound(positionId);
    const [stored, triggers, components] = await Promise.all([
      rulesRow(db(), positionId),
      triggerRows(db(), [positionId], 20),
      componentRows(db(), [positionId]),
    ]);
    const armed = service.armed.get(positionId);
    const pnl = service.livePnl(positionId);
    const book = service.folded?.book;
    return riskView({
      positionId,
      rules: stored ? rulesOf(stored) : null,
      armedAt: stored ? new Date(stored.armed_at).getTime() : null,
      margin: initialMargin(row.usdt_size, row.leverage),
      memory: armed?.memory ?? {
        peak: stored?.peak_pnl ? new Dec(stored.peak_pnl) : null,
        breakEven: stored?.break_even_level ? new Dec(stored.break_even_level) : null,
      },
      protection: armed?.protection ?? (stored ? protectionOf(stored) : {}),
      live: pnl !== null && book ? { pnl, legs: book.legMarks(positionId) } : null,
      legs: components
        .filter((c) => !new Dec(c.expected_quantity).isZero())
        .map((c) => ({ symbol: c.symbol, quantity: new Dec(c.expected_quantity) })),
      watchNote: await watchNote(row),
      nextRebalanceAt: nextRebalance(armed),
      triggers,
    });
  };

  service.onChanged = (positionId) => {
    if (!started) return;
    void view(positionId)
      .then((value) => context.events.emit('risk.updated', value))
      .catch(() => undefined);
  };

  const invalid = (issues: { path: string; message: string }[], prefix: string, lead: string) =>
    new SynthexError(
      'INVALID_PAYLOAD',
      `${lead} ${issues.map((issue) => issue.message).join('; ')}.`,
      issues.map((issue) => ({ path: `${prefix}.${issue.path}`, message: issue.message })),
    );

  deps.engine.attachRisk({
    beforeOrders: (session, positionId, symbols) => service.keeper.beforeOrders(session, positionId, symbols),
    open: {
      check(request, computed) {
        const issues = riskRuleIssues(request.risk!, {
          margin: initialMargin(computed.preview.usdtSize, computed.preview.leverage),
          pnl: null,
          now: service.now(),
          indexKind: computed.index.definition.kind,
        });
        if (issues.length > 0)
          throw invalid(issues, 'risk', 'Nothing was opened: the risk rules cannot be armed:');
      },
      async store(trx, positionId, request) {
        await storeRules(trx, positionId, request.risk!);
        await recordPositionEvents(trx, [
          {
            positionId,
            kind: 'risk_rules',
            message: `Risk rules set with the open: ${describeRules(request.risk!)}.`,
          },
        ]);
        service.pendingLoad.add(positionId);
      },
    },
  });

  return {
    service,
    handlers: {
      'risk.get': ({ positionId }) => view(positionId),
      'risk.set': async ({ positionId, rules }) => {
        const row = await getPositionRow(db(), positionId);
        if (!row) throw positionNotFound(positionId);
        if (!settable.has(row.status))
          throw new SynthexError(
            'CONFLICT',
            `This position is ${row.status.toLowerCase()}: there is nothing left to guard.`,
          );
        const open = service.open.get(positionId);
        if (open)
          throw new SynthexError(
            'CONFLICT',
            `${ruleWords[open.rule as keyof typeof ruleWords]} fired already and its ${open.action} is under way; rules can be set again once it is over.`,
          );
        const pnl =
          service.livePnl(positionId) ?? (row.status === 'ACTIVE' ? new Dec(row.unrealized_pnl) : null);
        const issues = riskRuleIssues(rules, {
          margin: initialMargin(row.usdt_size, row.leverage),
          pnl,
          now: service.now(),
          indexKind: await indexKindOf(db(), row),
        });
        if (issues.length > 0) throw invalid(issues, 'rules', 'These rules cannot be armed:');
        const hadStops = Object.values(service.armed.get(positionId)?.protection ?? {}).some(
          (leg) => leg.state === 'placed',
        );
        await storeRules(db(), positionId, rules);
        await service.tell([
          { positionId, kind: 'risk_rules', message: `Risk rules set: ${describeRules(rules)}.` },
        ]);
        await service.reload(positionId);
        if (rules.exchangeProtection || hadStops) await service.keeper.sync(positionId);
        const result = await view(positionId);
        context.events.emit('risk.updated', result);
        return result;
      },
      'risk.clear': async ({ positionId }) => {
        const row = await getPositionRow(db(), positionId);
        if (!row) throw positionNotFound(positionId);
        const open = service.open.get(positionId);
        if (open)
          throw new SynthexError(
            'CONFLICT',
            `${ruleWords[open.rule as keyof typeof ruleWords]} fired already; its ${open.action} is under way and cannot be called off.`,
          );
        const armed = service.armed.get(positionId);
        if (armed && Object.values(armed.protection).some((leg) => leg.state === 'placed')) {
          // Bybit's stops go first: when Bybit cannot be told, nothing changes and the trader is told why.
          const rules: RiskRules = armed.rules;
          armed.rules = { ...rules, exchangeProtection: false };
          try {
            await service.keeper.remove(positionId, 'the risk rules were cleared');
          } catch (error) {
            armed.rules = rules;
            throw new SynthexError(
              'EXCHANGE_ERROR',
              `Bybit's stops of this position could not be removed, so the rules stay: ${(error as Error).message}`,
            );
          }
        }
        if (await rulesRow(db(), positionId)) {
          await clearRules(db(), positionId);
          await service.tell([{ positionId, kind: 'risk_rules', message: 'Risk rules cleared.' }]);
        }
        service.armed.delete(positionId);
        const result = await view(positionId);
        context.events.emit('risk.updated', result);
        return result;
      },
      'risk.list': async ({ profileId }) => {
        const owner = profileId ?? (await deps.profiles.activeProfileId());
        const positions: RiskListItem[] = [...service.armed.values()]
          .filter((armed) => armed.profileId === owner)
          .map((armed) => {
            const open = service.open.get(armed.positionId) ?? null;
            const next = nextRebalance(armed);
            return {
              positionId: armed.positionId,
              summary: summaryOf(armed.rules, open),
              nextRebalanceAt: next === null ? null : new Date(next).toISOString(),
              fired: open !== null,
            };
          });
        return { positions };
      },
    },
    async start() {
      if (!databasesOpen(context)) return; // no User Data DB: nothing to guard; System says why
      await service.start();
      started = true;
    },
    async stop() {
      if (started) await service.stop();
      started = false;
    },
  };
}
