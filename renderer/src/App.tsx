import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { RestartedBanner } from './components/RestartedBanner';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { useCurrentPage, useNavigationShortcuts, type PageId } from './store/navigation';
import { DashboardPage } from './pages/DashboardPage';

// Dashboard (and the first run inside it) is what opens; every other page is its own chunk, fetched
// when first visited, so the first paint waits only for what it shows.
const pageComponents: Record<PageId, ComponentType | LazyExoticComponent<ComponentType>> = {
  dashboard: DashboardPage,
  positions: lazy(() => import('./pages/PositionsPage').then((m) => ({ default: m.PositionsPage }))),
  universe: lazy(() => import('./pages/universe/UniversePage').then((m) => ({ default: m.UniversePage }))),
  settings: lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage }))),
  system: lazy(() => import('./pages/SystemPage').then((m) => ({ default: m.SystemPage }))),
};

export function App() {
  const page = useCurrentPage();
  useNavigationShortcuts();
  const Page = pageComponents[page];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar current={page} />
      <main id="main" className="content" tabIndex={-1}>
        <RestartedBanner />
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading…
            </p>
          }
        >
          <Page />
        </Suspense>
      </main>
      <StatusBar />
    </div>
  );
}
