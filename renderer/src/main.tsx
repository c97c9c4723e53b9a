import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { needsPrintedAddress } from './api/client';
import { OpenPrintedAddress } from './components/OpenPrintedAddress';
import { TrayPopupPage } from './pages/TrayPopupPage';
import './alerts/browser-notifications';
import './alerts/tab-title';
import './styles.css';
import './components/data-table.css';
import './account.css';
import './notices.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const isTrayPopup = () => window.location.hash.startsWith('#/tray-popup');

/**
 * The tray popup or the app, chosen by the address. A popup line links to the position's page: on the
 * desktop main carries that to the main window (tray-popup.ts), in a browser the tab becomes the app there.
 */
function Root() {
  const [trayPopup, setTrayPopup] = useState(isTrayPopup);
  useEffect(() => {
    const follow = () => setTrayPopup(isTrayPopup());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return trayPopup ? <TrayPopupPage /> : <App />;
}

createRoot(root).render(<StrictMode>{needsPrintedAddress ? <OpenPrintedAddress /> : <Root />}</StrictMode>);
