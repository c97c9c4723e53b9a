import { usePnl } from '../store/pnl-store';
import { pnlTitle } from './pnl-title';

// Headless mode only: the desktop window keeps its plain title (the tray shows the total).
if (!window.synthex) {
  usePnl.subscribe((state, previous) => {
    if (state.tick === previous.tick) return;
    const title = pnlTitle(state.tick);
    if (document.title !== title) document.title = title;
  });
}
