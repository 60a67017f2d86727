import { routeToHash } from '../router.ts';
import type { ShownScreen } from './shown-screen.ts';
import { JobTray } from './JobTray.tsx';
import { NAV_SECTIONS } from './nav.ts';

/** The sections (aria-current on the screen shown, not merely the address), a way to add evidence, and the running jobs. */
export function Sidebar({ shown }: { shown: ShownScreen }) {
  return (
    <aside className="sidebar" aria-label="Navigation and jobs">
      <nav aria-label="Sections">
        <ul className="nav-list">
          {NAV_SECTIONS.map((section, i) => {
            const current = (section.screens as readonly string[]).includes(shown);
            return (
              <li key={section.label}>
                <a
                  className="nav-link"
                  href={routeToHash(section.route)}
                  aria-current={current ? 'page' : undefined}
                  aria-keyshortcuts={`Control+${i + 1}`}
                >
                  <span>{section.label}</span>
                  <kbd className="nav-key" aria-hidden="true">
                    g {section.key}
                  </kbd>
                </a>
              </li>
            );
          })}
        </ul>
        <ul className="nav-list nav-secondary">
          <li>
            <a className="nav-link" href={routeToHash({ screen: 'start' })} aria-current={shown === 'start' ? 'page' : undefined}>
              Add evidence
            </a>
          </li>
        </ul>
      </nav>
      <JobTray />
    </aside>
  );
}
