import { isOffline, useConnection } from '../store/connection-store';
import { usePnl } from '../store/pnl-store';
import { pnlTitle } from './pnl-title';

// Headless mode only: the desktop window keeps its plain title (the tray shows the total).
if (!window.synthex) {
  const show = () => {
    const title = pnlTitle(usePnl.getState().tick, isOffline(useConnection.getState().status));
    if (document.title !== title) document.title = title;
  };
  usePnl.subscribe((state, previous) => {
    if (state.tick !== previous.tick) show();
  });
  useConnection.subscribe(show);
}
