import { describe, expect, it } from 'vitest';
import * as contract from '../../shared/contract';
import { defaultSettings, settingsPatchSchema, settingsSchema } from '../../shared/domain/settings';

describe('contract', () => {
  it('lists exactly the channels and events it declares schemas for', () => {
    expect([...contract.channelNames].sort()).toEqual(Object.keys(contract.channels).sort());
    expect([...contract.eventNames].sort()).toEqual(Object.keys(contract.events).sort());
  });

  it('starts with the channels of docs/architecture.md §5', () => {
    expect(contract.channelNames).toEqual(
      expect.arrayContaining(['system.status', 'settings.get', 'settings.set']),
    );
  });

  it('recognises names without trusting prototype keys', () => {
    expect(contract.isChannelName('system.status')).toBe(true);
    expect(contract.isChannelName('toString')).toBe(false);
    expect(contract.isChannelName('constructor')).toBe(false);
    expect(contract.isChannelName(42)).toBe(false);
    expect(contract.isEventName('notice')).toBe(true);
    expect(contract.isEventName('__proto__')).toBe(false);
  });

  it('refuses extra fields on empty requests', () => {
    expect(contract.channels['system.status'].request.safeParse({}).success).toBe(true);
    expect(contract.channels['system.status'].request.safeParse({ sneaky: 1 }).success).toBe(false);
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
