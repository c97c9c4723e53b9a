import { describe, expect, it, vi } from 'vitest';
import type { UpdateChannel } from '../../shared/domain/settings';
import type { UpdatesStatus } from '../../shared/domain/updates';
import type { UpdateBackend } from '../../electron/core/updates/update-backend';
import {
  checkIntervalMs,
  UpdateService,
  type RestartGuard,
} from '../../electron/core/updates/update-service';
import { updatesDisabledReason } from '../../electron/core/updates/updates-enabled';
import { rejection } from '../support/rejection';
import { recordingLogger } from '../support/recording-logger';

/** A backend whose check and download the test resolves by hand. */
function fakeBackend() {
  let found: { version: string } | null = null;
  let failWith: Error | null = null;
  let finishDownload: (() => void) | null = null;
  let progress: ((percent: number) => void) | null = null;
  const channels: UpdateChannel[] = [];
  const backend = {
    channels,
    installs: 0,
    setChannel: (channel: UpdateChannel) => void channels.push(channel),
    check: vi.fn(async () => {
      if (failWith) throw failWith;
      return found;
    }),
    download: vi.fn(
      (onProgress: (percent: number) => void) =>
        new Promise<void>((resolve) => {
          progress = onProgress;
          finishDownload = resolve;
        }),
    ),
    quitAndInstall: () => void (backend.installs += 1),
  };
  const typed: UpdateBackend = backend;
  void typed;
  return {
    backend,
    offer: (version: string | null) => (found = version ? { version } : null),
    fail: (error: Error | null) => (failWith = error),
    progress: (percent: number) => progress!(percent),
    finishDownload: () => finishDownload!(),
  };
}

function service(
  options: { guard?: RestartGuard; channel?: UpdateChannel; backend?: UpdateBackend | null } = {},
) {
  const fake = fakeBackend();
  const states: UpdatesStatus[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  let channel: UpdateChannel = options.channel ?? 'stable';
  const updates = new UpdateService({
    backend: options.backend === undefined ? fake.backend : options.backend,
    disabledReason: options.backend === null ? 'Headless mode does not update itself.' : null,
    currentVersion: '1.0.0',
    channel: () => channel,
    restartGuard: options.guard ?? (async () => null),
    logger: recordingLogger(),
    onChange: (status) => states.push(status),
    now: () => new Date('2026-03-01T12:00:00Z'),
    setInterval: (run, ms) => (timers.push({ run, ms }), {}),
    clearInterval: () => undefined,
  });
  return { updates, fake, states, timers, setChannel: (next: UpdateChannel) => (channel = next) };
}

const kinds = (states: UpdatesStatus[]) => states.map((status) => status.state.kind);

describe('update service state machine', () => {
  it('checks at start, downloads with progress, then waits in ready', async () => {
    const { updates, fake, states } = service();
    fake.offer('1.2.0');
    updates.start();
    await vi.waitFor(() => expect(fake.backend.download).toHaveBeenCalledOnce());
    fake.progress(10.4);
    fake.progress(10.9); // same whole percent: not published again
    fake.progress(55);
    fake.finishDownload();
    await updates.settled();
    expect(kinds(states)).toEqual([
      'checking',
      'available',
      'downloading',
      'downloading',
      'downloading',
      'ready',
    ]);
    expect(
      states
        .filter((s) => s.state.kind === 'downloading')
        .map((s) => (s.state as { percent: number }).percent),
    ).toEqual([0, 10.4, 55]);
    expect(updates.status()).toMatchObject({
      state: { kind: 'ready', version: '1.2.0' },
      currentVersion: '1.0.0',
      availableVersion: '1.2.0',
      lastCheckedAt: '2026-03-01T12:00:00.000Z',
      channel: 'stable',
    });
    expect(fake.backend.channels).toEqual(['stable']);
    expect(fake.backend.installs).toBe(0); // never on its own
  });

  it('schedules a check every 6 hours and goes back to idle when nothing is newer', async () => {
    const { updates, fake, states, timers } = service();
    updates.start();
    await updates.settled();
    expect(timers.map((t) => t.ms)).toEqual([checkIntervalMs]);
    expect(checkIntervalMs).toBe(6 * 60 * 60 * 1000);
    timers[0]!.run();
    await updates.settled();
    expect(fake.backend.check).toHaveBeenCalledTimes(2);
    expect(kinds(states)).toEqual(['checking', 'idle', 'checking', 'idle']);
  });

  it('answers Check now once the feed has answered, while the download goes on', async () => {
    const { updates, fake } = service();
    fake.offer('1.2.0');
    await updates.check();
    expect(updates.status().state).toEqual({ kind: 'downloading', version: '1.2.0', percent: 0 });
    await updates.check(); // joins the running one: no second check, no second download
    expect(fake.backend.check).toHaveBeenCalledOnce();
    fake.finishDownload();
    await updates.settled();
    expect(updates.status().state.kind).toBe('ready');
    await updates.check(); // a downloaded update is kept until the restart
    expect(fake.backend.check).toHaveBeenCalledOnce();
  });

  it('shows a failed check as an error state and never throws', async () => {
    const { updates, fake } = service();
    fake.fail(new Error('getaddrinfo ENOTFOUND updates.example\nstack…'));
    updates.start();
    await updates.check();
    expect(updates.status().state).toEqual({
      kind: 'error',
      message: 'The update check failed: getaddrinfo ENOTFOUND updates.example',
    });
    fake.fail(null);
    await updates.check(); // "Check now" recovers
    expect(updates.status().state).toEqual({ kind: 'idle' });
  });

  it('restarts to install only from ready, and only when no position is being opened or closed', async () => {
    let busy: string | null = 'position 12 is being opened.';
    const { updates, fake, states } = service({ guard: async () => busy });
    expect((await rejection(updates.restart())).code).toBe('CONFLICT'); // nothing downloaded yet
    fake.offer('1.2.0');
    const checked = updates.check();
    await vi.waitFor(() => expect(fake.backend.download).toHaveBeenCalled());
    fake.finishDownload();
    await checked;
    await updates.settled();

    const refused = await rejection(updates.restart());
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('position 12 is being opened.'),
    });
    expect(fake.backend.installs).toBe(0);
    expect(states.at(-1)!.restartBlockedBy).toBe('position 12 is being opened.');

    busy = null;
    await updates.restart();
    expect(fake.backend.installs).toBe(1);
  });

  it('applies a channel change to the backend and checks again', async () => {
    const { updates, fake, setChannel } = service();
    updates.start();
    await updates.settled();
    setChannel('beta');
    updates.channelChanged();
    await updates.settled();
    expect(fake.backend.channels).toEqual(['stable', 'beta']);
    expect(fake.backend.check).toHaveBeenCalledTimes(2);
    expect(updates.status().channel).toBe('beta');
  });

  it('is disabled with its reason, and refuses check and restart', async () => {
    const { updates, fake, states } = service({ backend: null });
    updates.start();
    await updates.check();
    expect(updates.status().state).toEqual({
      kind: 'disabled',
      reason: 'Headless mode does not update itself.',
    });
    expect((await rejection(updates.restart())).code).toBe('UNAVAILABLE');
    expect(fake.backend.check).not.toHaveBeenCalled();
    expect(states).toEqual([]);
    updates.channelChanged(); // still shown, so Settings follows the saved channel
    expect(states).toHaveLength(1);
  });
});

describe('when updates are on', () => {
  const packagedDesktop = { mode: 'desktop' as const, packaged: true };
  it.each([
    [{ mode: 'headless' as const, packaged: false }, {}, /Headless mode/],
    [{ mode: 'desktop' as const, packaged: false }, {}, /development build \(not packaged\)/],
    [packagedDesktop, { SYNTHEX_DISABLE_UPDATES: '1' }, /SYNTHEX_DISABLE_UPDATES=1/],
    [packagedDesktop, { VITEST: 'true' }, /under tests/],
    [packagedDesktop, { NODE_ENV: 'test' }, /under tests/],
  ])('off for %o with %o', (runtime, env, reason) => {
    expect(updatesDisabledReason(runtime, env, true)).toMatch(reason);
  });

  it('on for a packaged desktop build with an updater', () => {
    expect(updatesDisabledReason(packagedDesktop, { SYNTHEX_DISABLE_UPDATES: '0' }, true)).toBeNull();
    expect(updatesDisabledReason(packagedDesktop, {}, false)).toMatch(/no updater/);
  });

  it.each([
    'http://updates.example.com/synthex/',
    'http://127.0.0.1.example.com/',
    'ftp://updates.example.com/',
    'updates.example.com/synthex/',
  ])('off when SYNTHEX_UPDATE_URL is %s: the feed must be https://', (url) => {
    const reason = updatesDisabledReason(packagedDesktop, { SYNTHEX_UPDATE_URL: url }, true);
    expect(reason).toMatch(/^Updates are off\. The update feed .* (is not https:\/\/|is not a URL)/);
    expect(reason).toContain('Set SYNTHEX_UPDATE_URL to an https:// address');
  });

  it.each([
    'https://updates.example.com/synthex/',
    'http://127.0.0.1:8080/',
    'http://localhost/',
    'http://[::1]/',
  ])('on with the feed %s (https, or plain http on this machine for tests)', (url) => {
    expect(updatesDisabledReason(packagedDesktop, { SYNTHEX_UPDATE_URL: url }, true)).toBeNull();
  });
});
