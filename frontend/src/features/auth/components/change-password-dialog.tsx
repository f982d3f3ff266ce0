import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Dialog, DialogActions } from '@/components/dialog';
import { TextField } from '@/components/text-field';
import { ApiError } from '@/lib/http';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';
import { passwordBytes, passwordProblem } from '@/lib/password';
import { useChangePassword } from '../api/change-password';

/** The server's refusal in words: a wrong current password is a 403 (contract §1). */
export function changePasswordErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isNetworkError) return 'Cannot reach the server. Check your connection and try again.';
    if (error.status === 403) return 'The current password is wrong.';
    if (error.status === 401) return 'Your session has expired. Please sign in again.';
    if (error.status === 429) {
      return error.retryAfter === null
        ? 'Too many attempts, try again later.'
        : `Too many attempts, try again in ${error.retryAfter} s.`;
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}

interface ChangePasswordDialogProps {
  username: string;
  onClose(): void;
}

/** Current password, new password and its confirmation; on success the session holds the fresh token. */
export function ChangePasswordDialog({ username, onClose }: ChangePasswordDialogProps) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const mismatch = confirm !== '' && confirm !== password;
  const bytes = passwordBytes(password);
  const done = useRef<HTMLButtonElement>(null);
  // The form is gone once the change succeeded: focus the confirmation's button instead.
  useEffect(() => {
    if (change.isSuccess) done.current?.focus();
  }, [change.isSuccess]);
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setProblem(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found =
      current === ''
        ? 'Enter your current password.'
        : (passwordProblem(password) ??
          (confirm !== password ? 'The confirmation does not match the new password.' : null));
    setProblem(found);
    if (found === null) change.mutate({ current_password: current, new_password: password });
  };

  if (change.isSuccess) {
    return (
      <Dialog title="Password changed" onClose={onClose} testId="change-password-dialog">
        <p role="status">
          Your password has been changed. Dashboards signed in with the old password have been signed out; this one
          stays signed in.
        </p>
        <DialogActions>
          <button ref={done} type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        </DialogActions>
      </Dialog>
    );
  }

  const shown = problem ?? (mismatch ? 'The confirmation does not match the new password.' : null);
  return (
    <Dialog title="Change password" onClose={onClose} testId="change-password-dialog">
      <form className="form" onSubmit={submit} noValidate aria-describedby={shown === null ? undefined : problemId}>
        {/* Lets a password manager file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <TextField
          type="password"
          required
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={edit(setCurrent)}
        />
        <TextField
          type="password"
          required
          label="New password"
          autoComplete="new-password"
          value={password}
          onChange={edit(setPassword)}
          hint={`${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes: most letters take 1 byte, accented letters 2, emoji 4. Now: ${bytes} ${bytes === 1 ? 'byte' : 'bytes'}.`}
        />
        <TextField
          type="password"
          required
          label="Repeat the new password"
          autoComplete="new-password"
          value={confirm}
          onChange={edit(setConfirm)}
          invalid={mismatch}
        />
        {shown !== null && (
          <p id={problemId} className="form-error" role="alert">
            {shown}
          </p>
        )}
        {shown === null && change.isError && (
          <p className="form-error" role="alert">
            {changePasswordErrorMessage(change.error)}
          </p>
        )}
        <DialogActions>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
