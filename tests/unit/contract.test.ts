import { describe, expect, it } from 'vitest';
import {
  channelNames,
  channels,
  eventNames,
  events,
  isChannelName,
  isEventName,
} from '../../shared/contract';
import { defaultSettings, settingsPatchSchema, settingsSchema } from '../../shared/domain/settings';

describe('contract', () => {
  it('lists exactly the channels and events it declares schemas for', () => {
    expect([...channelNames].sort()).toEqual(Object.keys(channels).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
  });

  it('starts with the channels of docs/architecture.md §5', () => {
    expect(channelNames).toEqual(expect.arrayContaining(['system.status', 'settings.get', 'settings.set']));
  });

  it('recognises names without trusting prototype keys', () => {
    expect(isChannelName('system.status')).toBe(true);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('constructor')).toBe(false);
    expect(isChannelName(42)).toBe(false);
    expect(isEventName('notice')).toBe(true);
    expect(isEventName('__proto__')).toBe(false);
  });

  it('refuses extra fields on empty requests', () => {
    expect(channels['system.status'].request.safeParse({}).success).toBe(true);
    expect(channels['system.status'].request.safeParse({ sneaky: 1 }).success).toBe(false);
  });

  it('accepts the default settings and partial patches, and refuses unknown keys and bad URLs', () => {
    expect(settingsSchema.safeParse(defaultSettings).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ alerts: { drift: false } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ userDbUrl: 'mysql://x' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ exchangeEnvironment: 'moon' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ alerts: { pnlMovePercent: Number.NaN } }).success).toBe(false);
  });
});
