import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/fake-electron'));
const { electronFake, resetElectronFake } = await import('../support/fake-electron');
const { electronNotificationSink } = await import('../../electron/main/electron-notification-sink');

beforeEach(() => resetElectronFake());

describe('Electron notification sink', () => {
  it('shows an alert as a native notification that opens its position when clicked', () => {
    const open = vi.fn();
    electronNotificationSink(open).notify({
      key: 'done:4',
      kind: 'execution.done',
      level: 'success',
      title: 'Top 5 equal #4 is open',
      body: 'Every leg is filled.',
      positionId: 4,
      at: '2026-12-02T08:00:00.000Z',
    });
    const [notification] = electronFake.notifications;
    expect(notification!.options).toMatchObject({
      title: 'Top 5 equal #4 is open',
      body: 'Every leg is filled.',
    });
    expect(notification!.shown).toBe(true);
    notification!.emit('click');
    expect(open).toHaveBeenCalledWith(4);
  });
});
