import type { Person } from '@argus/shared';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ListPanel } from '@/components/admin-panels';
import { MutationError } from '@/components/mutation-error';
import { TextField } from '@/components/text-field';
import { formatDateTime } from '@/lib/format';
import { useCreatePerson } from '../api/create-person';
import { useDeletePerson } from '../api/delete-person';
import { usePeople } from '../api/get-people';
import styles from './people-admin.module.css';

export function PeopleAdmin() {
  const people = usePeople();
  const create = useCreatePerson();
  const remove = useDeletePerson();
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Person | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };

  return (
    <div className="page">
      <h1>People</h1>
      <p className="muted">Known people: recognised faces are reported with their name.</p>
      <form className="panel form" onSubmit={submit} aria-labelledby="add-person-heading">
        <h2 id="add-person-heading" className="panel__title">
          Add person
        </h2>
        <div className="form__row">
          <TextField label="Name" required value={name} onChange={setName} />
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Add person
          </button>
        </div>
        <MutationError error={create.error} />
      </form>
      <ListPanel
        id="people-heading"
        title="Known people"
        loading={people.isPending}
        errors={[people.error, remove.error]}
      >
        {people.isSuccess && people.data.length === 0 && <p className="muted empty">Nobody yet.</p>}
        <ul className="stack-list">
          {(people.data ?? []).map((person) => (
            <li key={person.id} className={styles.item} data-testid="person-item">
              <span>
                <strong>{person.name}</strong> <span className="muted">added {formatDateTime(person.created_at)}</span>
              </span>
              <button type="button" className="button button--small button--danger" onClick={() => setDeleting(person)}>
                Delete<span className="visually-hidden"> {person.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </ListPanel>
      {deleting !== null && (
        <ConfirmDialog
          title="Delete person?"
          message={`${deleting.name} will no longer be recognised by name.`}
          confirmLabel="Delete"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
        />
      )}
    </div>
  );
}
