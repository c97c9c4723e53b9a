import { z } from 'zod';
import { settingsPatchSchema, settingsViewSchema } from '../domain/settings';
import { systemStatusSchema } from '../domain/system';
import { noticeSchema } from '../domain/notice';
import {
  profileCreateSchema,
  profileDeletedSchema,
  profileDeleteSchema,
  profileListSchema,
  profileSchema,
  profileSelectSchema,
  profileUpdateSchema,
} from '../domain/profile';
import {
  credentialsDeleteSchema,
  credentialsRotateKeySchema,
  keyRotationSchema,
  credentialsGetSchema,
  credentialsSetSchema,
  credentialStatusSchema,
} from '../domain/credentials';
import {
  refreshStartedSchema,
  universeHistoryRequestSchema,
  universeHistorySchema,
  universeProgressSchema,
  universeStateSchema,
} from '../domain/universe';
import {
  indexSummarySchema,
  indicesDeletedSchema,
  indicesDeleteRequestSchema,
  indicesListRequestSchema,
  indicesListSchema,
  indicesSaveRequestSchema,
} from '../domain/indices';
import { previewRequestSchema, previewSchema } from '../domain/preview';
import { backtestRequestSchema, backtestResultSchema } from '../domain/backtest';
import { historyProgressSchema, marketHistoryStateSchema } from '../domain/market-history';
import {
  exportTradesRequestSchema,
  exportTradesSchema,
  positionDetailSchema,
  positionEnvelopeSchema,
  positionEventPayloadSchema,
  positionIdRequestSchema,
  positionProgressSchema,
  positionSchema,
  positionsListRequestSchema,
  positionsListSchema,
  positionsOpenRequestSchema,
} from '../domain/positions';
import { alertSchema } from '../domain/alerts';
import { accountSummaryRequestSchema, accountSummarySchema } from '../domain/account';
import { marketTickersSchema } from '../domain/market';
import {
  exportHistoryRequestSchema,
  performanceRequestSchema,
  performanceSchema,
} from '../domain/performance';
import { pnlHistoryRequestSchema, pnlHistorySchema, pnlTickSchema } from '../domain/pnl';
import {
  outsideChangesRequestSchema,
  outsideChangesSchema,
  rebalancePlanSchema,
  rebalanceRequestSchema,
  repairPlanSchema,
  repairRequestSchema,
} from '../domain/drift';
import {
  riskListRequestSchema,
  riskListSchema,
  riskPositionRequestSchema,
  riskSetRequestSchema,
  riskTriggeredSchema,
  riskViewSchema,
} from '../domain/risk';
import { updatesRestartedSchema, updatesStatusSchema } from '../domain/updates';
import { channelNameList, eventNameList, type ChannelName, type EventName } from './names';

export { isChannelName, isEventName, type ChannelName, type EventName } from './names';

/** A request channel: what the caller sends and what it gets back. */
export interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
}

const empty = z.object({}).strict();

/**
 * Every request channel of the app. Both transports (Electron IPC and the headless WebSocket)
 * parse requests with these schemas before any handler runs. Names are stable: extend, never rename.
 */
export const channels = {
  'system.status': { request: empty, response: systemStatusSchema },
  /** Desktop: opens the log folder in the file manager. Headless: UNAVAILABLE (logs go to stderr). */
  'system.openLogFolder': { request: empty, response: z.object({ opened: z.literal(true) }) },
  'settings.get': { request: empty, response: settingsViewSchema },
  'settings.set': { request: settingsPatchSchema, response: settingsViewSchema },
  'profiles.list': { request: empty, response: profileListSchema },
  'profiles.create': { request: profileCreateSchema, response: profileSchema },
  'profiles.update': { request: profileUpdateSchema, response: profileSchema },
  'profiles.delete': { request: profileDeleteSchema, response: profileDeletedSchema },
  'profiles.select': { request: profileSelectSchema, response: profileListSchema },
  'credentials.get': { request: credentialsGetSchema, response: credentialStatusSchema },
  'credentials.set': { request: credentialsSetSchema, response: credentialStatusSchema },
  'credentials.delete': { request: credentialsDeleteSchema, response: credentialStatusSchema },
  'credentials.rotateKey': { request: credentialsRotateKeySchema, response: keyRotationSchema },
  'universe.latest': { request: empty, response: universeStateSchema },
  'universe.history': { request: universeHistoryRequestSchema, response: universeHistorySchema },
  'universe.refresh': { request: empty, response: refreshStartedSchema },
  /** What market history (mark klines, funding) is stored, who fetches it, and the run under way. */
  'universe.marketHistory': { request: empty, response: marketHistoryStateSchema },
  'indices.list': { request: indicesListRequestSchema, response: indicesListSchema },
  'indices.preview': { request: previewRequestSchema, response: previewSchema },
  'indices.save': { request: indicesSaveRequestSchema, response: indexSummarySchema },
  'indices.delete': { request: indicesDeleteRequestSchema, response: indicesDeletedSchema },
  /** A perp-faithful backtest of an index or basket on the stored history (nothing is sent). */
  'indices.backtest': { request: backtestRequestSchema, response: backtestResultSchema },
  'positions.open': { request: positionsOpenRequestSchema, response: positionEnvelopeSchema },
  'positions.close': { request: positionIdRequestSchema, response: positionEnvelopeSchema },
  'positions.list': { request: positionsListRequestSchema, response: positionsListSchema },
  'positions.get': { request: positionIdRequestSchema, response: positionDetailSchema },
  'positions.exportTrades': { request: exportTradesRequestSchema, response: exportTradesSchema },
  /** The live PnL as the last pnl.tick had it (for a page that just opened). */
  'pnl.get': { request: empty, response: pnlTickSchema },
  /** Minute snapshots for the charts: the total and, when asked, per position. */
  'pnl.history': { request: pnlHistoryRequestSchema, response: pnlHistorySchema },
  /** Trades an altered position's difference back (preview: the plan only, nothing is sent). */
  'positions.repair': {
    request: repairRequestSchema,
    response: z.object({ plan: repairPlanSchema, position: positionSchema, sent: z.boolean() }),
  },
  /** Accepts today's holdings as the position's expected quantities (a new component snapshot). */
  'positions.adopt': { request: positionIdRequestSchema, response: positionEnvelopeSchema },
  /** Brings an ACTIVE position to its index's composition today (preview: the plan only). */
  'positions.rebalance': {
    request: rebalanceRequestSchema,
    response: z.object({ plan: rebalancePlanSchema, position: positionSchema, sent: z.boolean() }),
  },
  /** The log of fills on the account that Synthex did not place, newest first. */
  'positions.outsideChanges': { request: outsideChangesRequestSchema, response: outsideChangesSchema },
  /**
   * A position whose Bybit account Synthex cannot reach any more (no key, or a key of another account) is
   * recorded as closed outside Synthex: nothing is sent; its legs are booked at the latest mark.
   */
  'positions.markClosedOutside': { request: positionIdRequestSchema, response: positionEnvelopeSchema },
  /**
   * A position's risk rules (docs/risk.md): set replaces them all (refused in words at the field when they
   * cannot be armed), get shows them with the price levels they mean today, clear disarms them.
   */
  'risk.set': { request: riskSetRequestSchema, response: riskViewSchema },
  'risk.get': { request: riskPositionRequestSchema, response: riskViewSchema },
  'risk.clear': { request: riskPositionRequestSchema, response: riskViewSchema },
  /** The profile's positions with armed rules: a summary each and the next scheduled rebalance. */
  'risk.list': { request: riskListRequestSchema, response: riskListSchema },
  'updates.status': { request: empty, response: updatesStatusSchema },
  /** Checks now (and downloads a newer version); resolves with the state after the check. */
  'updates.check': { request: empty, response: updatesStatusSchema },
  /** "Restart to update": CONFLICT while nothing is downloaded or a position is being opened or closed. */
  'updates.restart': { request: empty, response: updatesRestartedSchema },
  /** The profile's Bybit account as a whole, live (equity, margins, unrealised); event account.updated. */
  'account.summary': { request: accountSummaryRequestSchema, response: accountSummarySchema },
  /** A position's NAV per minute next to BTC held from the same moment, and its stats. */
  'positions.performance': { request: performanceRequestSchema, response: performanceSchema },
  /** CSV of every position (open and closed) with its PnL, funding, fees, turnover and BTC benchmark. */
  'positions.exportHistory': { request: exportHistoryRequestSchema, response: exportTradesSchema },
  /** Every linear perpetual's price, 24 h change, funding rate and interval, and open interest. */
  'universe.tickers': { request: empty, response: marketTickersSchema },
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Events pushed from the core to every window and browser tab. */
export const events = {
  'system.status': systemStatusSchema,
  notice: noticeSchema,
  /** Profiles or their credentials changed: every window's switcher follows. */
  'profiles.changed': profileListSchema,
  'universe.progress': universeProgressSchema,
  /** Progress of a market-history run (this process's, or a skip when another one fetches). */
  'universe.historyProgress': historyProgressSchema,
  /** A position changed (status, fills, PnL, altered flag). */
  'positions.updated': positionSchema,
  /** Live execution progress of an open, close or rollback. */
  'positions.progress': positionProgressSchema,
  /**
   * Something happened to a position beyond its own orders: a liquidation, auto-deleveraging, delivery or
   * delisting, a leg found closed outside Synthex, the key pointing at another account (an alert too).
   */
  'positions.event': positionEventPayloadSchema,
  /** Live PnL of the ACTIVE positions, coalesced to at most 4 a second. */
  'pnl.tick': pnlTickSchema,
  /** A notification (execution, altered, PnL threshold, stale data); headless tabs show it as a browser notification. */
  'alerts.fired': alertSchema,
  'updates.state': updatesStatusSchema,
  /** The account summary of the active profile, coalesced to at most 4 a second. */
  'account.updated': accountSummarySchema,
  /** A risk rule fired (the decision is committed before any order) or the action it started ended. */
  'risk.triggered': riskTriggeredSchema,
  /** A position's risk rules, their state or their exchange-side stops changed. */
  'risk.updated': riskViewSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export type Events = typeof events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames: readonly ChannelName[] = channelNameList;
export const eventNames: readonly EventName[] = eventNameList;

// A map key missing from the name lists (or the reverse) is a compile error here.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelListsAgree: Exactly<keyof Channels, ChannelName> = true;
const eventListsAgree: Exactly<keyof Events, EventName> = true;
void channelListsAgree;
void eventListsAgree;
