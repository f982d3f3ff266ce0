import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LogoIcon } from '@/components/icons';
import { LoginForm } from '@/features/auth/components/login-form';
import { useSession } from '@/hooks/use-session';
import { sessionStore, type SessionEndReason } from '@/lib/session';
import styles from './login.module.css';

const NOTICES: Partial<Record<SessionEndReason, string>> = {
  expired: 'Your session has expired. Please sign in again.',
  disabled: 'Your account has been disabled or removed. Ask an administrator.',
};

export function LoginRoute() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // Read once: the notice belongs to this visit of the login page.
  const [notice] = useState(() => {
    const reason = sessionStore.getEndReason();
    return reason === null ? undefined : NOTICES[reason];
  });
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (session !== null) return <Navigate to={from} replace />;

  return (
    <main className={styles.login} id="main">
      <div className={styles.card}>
        <h1 className={styles.brand}>
          <LogoIcon /> Argus
        </h1>
        <p className="muted">Sign in to watch your cameras live.</p>
        {notice !== undefined && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <LoginForm
          onSuccess={() => {
            sessionStore.clearEndReason();
            void navigate(from, { replace: true });
          }}
        />
      </div>
    </main>
  );
}
