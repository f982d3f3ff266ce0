import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/http';
import { useLogin } from '../api/login';
import styles from './login-form.module.css';

/** Turns a failed login into what the user needs to know. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Invalid username or password.';
    if (error.status === 429) {
      return error.retryAfter !== null
        ? `Too many attempts, try again in ${error.retryAfter} s.`
        : 'Too many attempts, try again later.';
    }
    if (error.status === 400) return error.message;
  }
  return 'Cannot reach the server. Check your connection and try again.';
}

export function LoginForm({ onSuccess }: { onSuccess(): void }) {
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const usernameId = useId();
  const passwordId = useId();
  const errorId = useId();

  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const incomplete = username.trim() === '' || password === '';
    setMissing(incomplete);
    if (incomplete) return;
    login.mutate({ username: username.trim(), password }, { onSuccess });
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-describedby={login.isError ? errorId : undefined} noValidate>
      <div className="field">
        <label htmlFor={usernameId}>Username</label>
        <input
          id={usernameId}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      {missing && (
        <p className="form-error" role="alert">
          Enter your username and password.
        </p>
      )}
      {!missing && login.isError && (
        <p id={errorId} className="form-error" role="alert">
          {loginErrorMessage(login.error)}
        </p>
      )}
      <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
