import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { TrayPopupPage } from './pages/TrayPopupPage';
import './alerts/browser-notifications';
import './alerts/tab-title';
import './styles.css';
import './account.css';
import './notices.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>{window.location.hash.startsWith('#/tray-popup') ? <TrayPopupPage /> : <App />}</StrictMode>,
);
