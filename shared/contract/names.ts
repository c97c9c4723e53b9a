/**
 * The contract's names without its schemas, for code that must stay small (the sandboxed preload).
 * channels.ts checks at compile time that these lists and its maps agree exactly.
 */
export const channelNameList = [
  'system.status',
  'system.openLogFolder',
  'settings.get',
  'settings.set',
  'profiles.list',
  'profiles.create',
  'profiles.update',
  'profiles.delete',
  'profiles.select',
  'credentials.get',
  'credentials.set',
  'credentials.delete',
  'credentials.rotateKey',
  'universe.latest',
  'universe.history',
  'universe.refresh',
  'universe.marketHistory',
  'indices.list',
  'indices.preview',
  'indices.save',
  'indices.delete',
  'indices.backtest',
  'positions.open',
  'positions.close',
  'positions.list',
  'positions.get',
  'positions.exportTrades',
  'pnl.get',
  'pnl.history',
  'positions.repair',
  'positions.adopt',
  'positions.rebalance',
  'positions.outsideChanges',
  'positions.markClosedOutside',
  'risk.set',
  'risk.get',
  'risk.clear',
  'risk.list',
  'updates.status',
  'updates.check',
  'updates.restart',
  'account.summary',
  'positions.performance',
  'positions.exportHistory',
  'universe.tickers',
] as const;
export const eventNameList = [
  'system.status',
  'notice',
  'profiles.changed',
  'universe.progress',
  'universe.historyProgress',
  'positions.updated',
  'positions.progress',
  'positions.event',
  'pnl.tick',
  'alerts.fired',
  'risk.triggered',
  'risk.updated',
  'updates.state',
  'account.updated',
] as const;

export type ChannelName = (typeof channelNameList)[number];
export type EventName = (typeof eventNameList)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNameList as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNameList as readonly string[]).includes(value);
}
