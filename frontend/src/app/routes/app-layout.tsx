import { useEffect, useId, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ConnectionBadge } from '@/components/connection-badge';
import { LogoIcon, MenuIcon } from '@/components/icons';
import { ServiceBanner } from '@/components/service-banner';
import { AlertToasts } from '@/features/alerts/components/alert-toasts';
import { AccountMenu } from '@/features/auth/components/account-menu';
import { useSession } from '@/hooks/use-session';
import { cx } from '@/lib/class-names';
import { sessionStore, type Session } from '@/lib/session';
import { useLiveConnection } from '../live/use-live-connection';
import styles from './app-layout.module.css';
import { NotAllowed } from './not-found';

const LINKS = [
  { to: '/events', label: 'Events' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/notifications', label: 'Notifications' },
];

const ADMIN_LINKS = [
  { to: '/users', label: 'Users' },
  { to: '/cameras', label: 'Cameras' },
  { to: '/people', label: 'People' },
  { to: '/alert-rules', label: 'Alert rules' },
];

const navLinkClass = ({ isActive }: { isActive: boolean }) => cx(styles.navLink, isActive && styles.active);

function Shell({ session }: { session: Session }) {
  // The token is renewed before it expires for as long as the signed-in shell is shown.
  useEffect(() => sessionStore.keepFresh(), []);
  const live = useLiveConnection();
  const isAdmin = session.user.role === 'admin';
  const navId = useId();
  // On a phone the links fold behind a menu button.
  const [navOpen, setNavOpen] = useState(false);
  const closeNav = () => setNavOpen(false);
  useEffect(() => {
    if (!navOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setNavOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navOpen]);

  return (
    <div className={styles.app}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className={styles.topbar}>
        <div className={styles.brand}>
          <LogoIcon className={styles.logo} /> <span>Argus</span>
        </div>
        <button
          type="button"
          className={cx('icon-button', styles.menuButton)}
          aria-expanded={navOpen}
          aria-controls={navId}
          aria-label="Pages"
          onClick={() => setNavOpen((open) => !open)}
        >
          <MenuIcon />
        </button>
        <nav id={navId} className={cx(styles.nav, styles.collapsible)} data-open={navOpen} aria-label="Main">
          <NavLink to="/" end className={navLinkClass} onClick={closeNav}>
            Dashboard
          </NavLink>
          {LINKS.map((link) => (
            <NavLink key={link.to} to={link.to} className={navLinkClass} onClick={closeNav}>
              {link.label}
            </NavLink>
          ))}
          {isAdmin &&
            ADMIN_LINKS.map((link) => (
              <NavLink key={link.to} to={link.to} className={navLinkClass} onClick={closeNav}>
                {link.label}
              </NavLink>
            ))}
        </nav>
        <div className={styles.right}>
          <ConnectionBadge snapshot={live} />
          <AccountMenu user={session.user} />
        </div>
        {/* Inside the sticky header, on a row of its own: visible on every page while it lasts. */}
        <ServiceBanner database={live.database} className={styles.serviceBanner} />
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        <Outlet />
      </main>
      <AlertToasts />
    </div>
  );
}

/** Every signed-in page: the shell with the live client; without a session, back to /login. */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  if (session === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  // Keyed by user: a different user gets a fresh live client and cursor.
  return <Shell key={session.user.id} session={session} />;
}

export function RequireAdmin() {
  const session = useSession();
  return session?.user.role === 'admin' ? <Outlet /> : <NotAllowed />;
}
