import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ConnectionBadge } from '@/components/connection-badge';
import { LogoIcon, SignOutIcon } from '@/components/icons';
import { AlertToasts } from '@/features/alerts/components/alert-toasts';
import { useSession } from '@/hooks/use-session';
import { sessionStore, type Session } from '@/lib/session';
import { useLiveConnection } from '../live/use-live-connection';
import { NotAllowed } from './not-found';

const ADMIN_LINKS = [
  { to: '/users', label: 'Users' },
  { to: '/cameras', label: 'Cameras' },
  { to: '/people', label: 'People' },
  { to: '/alert-rules', label: 'Alert rules' },
];

function Shell({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  // The token is renewed before it expires for as long as the signed-in shell is shown.
  useEffect(() => sessionStore.keepFresh(), []);
  const live = useLiveConnection();
  const isAdmin = session.user.role === 'admin';

  const signOut = () => {
    sessionStore.end('signed_out');
    queryClient.clear();
  };

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <LogoIcon className="topbar__logo" /> <span>Argus</span>
        </div>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end className="nav-link">
            Dashboard
          </NavLink>
          {isAdmin &&
            ADMIN_LINKS.map((link) => (
              <NavLink key={link.to} to={link.to} className="nav-link">
                {link.label}
              </NavLink>
            ))}
        </nav>
        <div className="topbar__right">
          <ConnectionBadge snapshot={live} />
          <span className="topbar__user" title={`Signed in as ${session.user.username} (${session.user.role})`}>
            {session.user.username}
            <span className="topbar__role">{session.user.role}</span>
          </span>
          <button type="button" className="button button--ghost" onClick={signOut}>
            <SignOutIcon /> Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
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
