import { describe, expect, it, vi } from 'vitest';
import { channelNames, SynthexError } from '../../shared/contract';
import { defaultSettings } from '../../shared/domain/settings';
import { createDispatcher } from '../../electron/core/rpc/dispatcher';
import type { Handlers } from '../../electron/core/rpc/handlers';
import { silentLogger } from '../../electron/core/util/logger';

/** Every channel answered by a handler that must not run, except the ones a test overrides. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      vi.fn(async () => {
        throw new Error(`${channel} should not run`);
      }),
    ]),
  ) as unknown as Handlers;
  return {
    ...unused,
    'settings.get': vi.fn(async () => ({ settings: defaultSettings, lockedBy: {} })),
    'settings.set': vi.fn(async () => ({ settings: defaultSettings, lockedBy: {} })),
    ...overrides,
  };
}

const ctx = { transport: 'ws' as const };

describe('dispatcher', () => {
  it('answers a known channel with its parsed result', async () => {
    const dispatch = createDispatcher(handlers(), silentLogger);
    await expect(dispatch('settings.get', {}, ctx)).resolves.toEqual({
      ok: true,
      result: { settings: defaultSettings, lockedBy: {} },
    });
  });

  it('refuses an unknown channel before any handler runs', async () => {
    const h = handlers();
    const reply = await createDispatcher(h, silentLogger)('positions.nuke', {}, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    for (const handler of Object.values(h)) expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a payload that fails its schema, with field issues, and runs no handler', async () => {
    const h = handlers();
    const reply = await createDispatcher(h, silentLogger)(
      'settings.set',
      { exchangeEnvironment: 'moon' },
      ctx,
    );
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('INVALID_PAYLOAD');
    expect(reply.error.issues?.[0]?.path).toBe('exchangeEnvironment');
    expect(h['settings.set']).not.toHaveBeenCalled();
  });

  it('passes SynthexErrors through and hides unexpected errors behind INTERNAL', async () => {
    const dispatch = createDispatcher(
      handlers({
        'settings.get': async () => {
          throw new SynthexError('CONFLICT', 'pinned');
        },
        'settings.set': async () => {
          throw new Error('db password is hunter2');
        },
      }),
      silentLogger,
    );
    await expect(dispatch('settings.get', {}, ctx)).resolves.toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'pinned' },
    });
    const reply = await dispatch('settings.set', {}, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
  });

  it('refuses to send a response that breaks its own schema', async () => {
    const dispatch = createDispatcher(
      handlers({ 'settings.get': async () => ({ settings: { nope: true }, lockedBy: {} }) as never }),
      silentLogger,
    );
    await expect(dispatch('settings.get', {}, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});
