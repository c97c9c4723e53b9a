import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { useCurrentPage, useNavigationShortcuts, type PageId } from './store/navigation';
import { DashboardPage } from './pages/DashboardPage';
import { PositionsPage } from './pages/PositionsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SystemPage } from './pages/SystemPage';
import { UniversePage } from './pages/universe/UniversePage';

const pageComponents: Record<PageId, () => React.JSX.Element> = {
  dashboard: DashboardPage,
  positions: PositionsPage,
  universe: UniversePage,
  settings: SettingsPage,
  system: SystemPage,
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
        <Page />
      </main>
      <StatusBar />
    </div>
  );
}
