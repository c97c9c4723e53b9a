import { describe, expect, it, vi } from 'vitest';
import { channelNames, type ChannelName } from '../../shared/contract';
import type { Feature } from '../../electron/core/feature';
import { FeatureRegistry } from '../../electron/core/feature-registry';
import type { Handlers } from '../../electron/core/rpc/handlers';

function feature<C extends ChannelName>(channels: readonly C[]): Feature<C> {
  const handlers = Object.fromEntries(channels.map((channel) => [channel, vi.fn()]));
  return { handlers: handlers as unknown as Pick<Handlers, C>, start: vi.fn(), stop: vi.fn() };
}

const status = feature(['system.status']);
const everythingElse = feature(channelNames.filter((name) => name !== 'system.status'));

describe('feature registry', () => {
  it('derives one handler per channel from the list of features, in the order added', () => {
    const registry = FeatureRegistry.empty().add(status).add(everythingElse);
    const handlers = registry.handlers();
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
    expect(handlers['system.status']).toBe(status.handlers['system.status']);
    expect(registry.features).toEqual([status, everythingElse]);
  });

  it('leaves the registry it extends untouched', () => {
    const base = FeatureRegistry.empty().add(status);
    base.add(everythingElse);
    expect(base.features).toEqual([status]);
  });

  it('does not compile with a channel nobody handles, or a channel claimed twice', () => {
    const partial = FeatureRegistry.empty().add(status);
    // @ts-expect-error every channel but system.status is missing, so handlers() is not callable
    expect(() => partial.handlers()).not.toThrow();
    // @ts-expect-error system.status is already claimed
    expect(() => partial.add(status)).not.toThrow();
  });
});
