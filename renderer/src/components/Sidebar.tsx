import { pages, type PageId } from '../store/navigation';
import { ProfileSwitcher } from './ProfileSwitcher';

const shortcutPrefix = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+';

export function Sidebar({ current }: { current: PageId }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-label="Synthex">
        <span className="brand-mark" aria-hidden="true">
          Σ
        </span>
        <span className="brand-name">Synthex</span>
      </div>
      <ProfileSwitcher />
      <ul>
        {pages.map((page) => (
          <li key={page.id}>
            <a
              href={`#/${page.id}`}
              className={page.id === current ? 'nav-link active' : 'nav-link'}
              aria-current={page.id === current ? 'page' : undefined}
              aria-keyshortcuts={`Control+${page.key}`}
            >
              <span>{page.label}</span>
              <kbd>
                {shortcutPrefix}
                {page.key}
              </kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
