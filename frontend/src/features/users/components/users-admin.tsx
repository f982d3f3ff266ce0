import { ROLES, type Role, type User } from '@argus/shared';
import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog, Dialog, DialogActions } from '@/components/dialog';
import { ActionsCell, AdminTable, ListPanel } from '@/components/admin-panels';
import { MutationError } from '@/components/mutation-error';
import { TextField } from '@/components/text-field';
import { formatDateTime } from '@/lib/format';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';
import { passwordProblem } from '@/lib/password';
import { useCreateUser } from '../api/create-user';
import { useDeleteUser } from '../api/delete-user';
import { useUsers } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';

function CreateUserForm() {
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { role: useId(), heading: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = passwordProblem(password);
    setProblem(found);
    if (found !== null) return;
    create.mutate(
      { username: username.trim(), password, role },
      {
        onSuccess: () => {
          setUsername('');
          setPassword('');
          setRole('viewer');
        },
      },
    );
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={ids.heading} noValidate>
      <h2 id={ids.heading} className="panel__title">
        Add user
      </h2>
      <div className="form__row">
        <TextField label="Username" required value={username} onChange={setUsername} />
        <TextField
          type="password"
          required
          label="Password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint={`${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes`}
        />
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Add user
        </button>
      </div>
      {problem !== null && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <MutationError error={create.error} />
      {create.isSuccess && (
        <p className="notice" role="status">
          User {create.data.username} created.
        </p>
      )}
    </form>
  );
}

export function SetPasswordDialog({ user, onClose }: { user: User; onClose(): void }) {
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mismatch = confirm !== '' && confirm !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = passwordProblem(password);
    setProblem(found);
    if (found !== null || mismatch) return;
    update.mutate({ id: user.id, password }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Set a new password for ${user.username}`} onClose={onClose} testId="set-password-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          type="password"
          required
          label="New password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint={`${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes: accented letters take 2, emoji 4.`}
        />
        <TextField
          type="password"
          required
          label="Repeat the new password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          invalid={mismatch}
        />
        {mismatch && (
          <p className="form-error" role="alert">
            The two passwords differ.
          </p>
        )}
        {!mismatch && problem !== null && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <MutationError error={update.error} />
        <DialogActions>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={update.isPending || mismatch}>
            Set password
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function UserRow({
  user,
  isSelf,
  onDelete,
  onSetPassword,
}: {
  user: User;
  isSelf: boolean;
  onDelete(user: User): void;
  onSetPassword(user: User): void;
}) {
  const update = useUpdateUser();
  const roleId = useId();
  return (
    <tr data-testid="user-row" data-user-id={user.id}>
      <th scope="row">
        {user.username}
        {isSelf && <span className="muted"> (you)</span>}
      </th>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          Role of {user.username}
        </label>
        <select
          id={roleId}
          value={user.role}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className={`status status--${user.disabled ? 'offline' : 'online'}`}>
          {user.disabled ? 'Disabled' : 'Active'}
        </span>
      </td>
      <td className="muted">{formatDateTime(user.created_at)}</td>
      <ActionsCell>
        <button
          type="button"
          className="button button--small"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
        >
          {user.disabled ? 'Enable' : 'Disable'}
          <span className="visually-hidden"> {user.username}</span>
        </button>
        <button type="button" className="button button--small" onClick={() => onSetPassword(user)}>
          Set password<span className="visually-hidden"> for {user.username}</span>
        </button>
        <button type="button" className="button button--small button--danger" onClick={() => onDelete(user)}>
          Delete<span className="visually-hidden"> {user.username}</span>
        </button>
        <MutationError error={update.error} />
      </ActionsCell>
    </tr>
  );
}

export function UsersAdmin({ currentUserId }: { currentUserId: number }) {
  const users = useUsers();
  const remove = useDeleteUser();
  const [deleting, setDeleting] = useState<User | null>(null);
  const [settingPassword, setSettingPassword] = useState<User | null>(null);

  return (
    <div className="page">
      <h1>Users</h1>
      <CreateUserForm />
      <ListPanel
        id="users-list-heading"
        title="Accounts"
        loading={users.isPending}
        errors={[users.error, remove.error]}
      >
        <AdminTable columns={['Username', 'Role', 'Status', 'Created']}>
          {(users.data ?? []).map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isSelf={user.id === currentUserId}
              onDelete={setDeleting}
              onSetPassword={setSettingPassword}
            />
          ))}
        </AdminTable>
      </ListPanel>
      {settingPassword !== null && (
        <SetPasswordDialog user={settingPassword} onClose={() => setSettingPassword(null)} />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title="Delete user?"
          message={`${deleting.username} will be signed out everywhere and cannot sign in again.`}
          confirmLabel="Delete"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
        />
      )}
    </div>
  );
}
