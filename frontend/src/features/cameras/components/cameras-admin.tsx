import type { Camera } from '@argus/shared';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog, Dialog, DialogActions } from '@/components/dialog';
import { ActionsCell, AdminTable, ListPanel } from '@/components/admin-panels';
import { MutationError } from '@/components/mutation-error';
import { TextField } from '@/components/text-field';
import { SourceBadge } from '@/components/source-badge';
import { useCreateCamera } from '../api/create-camera';
import { useDeleteCamera } from '../api/delete-camera';
import { useCameras } from '../api/get-cameras';
import { useRotateIngestKey } from '../api/rotate-ingest-key';
import { useUpdateCamera } from '../api/update-camera';
import { SnoozeControl, SnoozeState } from './camera-snooze';
import { IngestKeyDialog } from './ingest-key-dialog';

interface ShownKey {
  cameraId: number;
  cameraName: string;
  key: string;
}

function CreateCameraForm({ onCreated }: { onCreated(key: ShownKey): void }) {
  const create = useCreateCamera();
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), location: location.trim() },
      {
        onSuccess: (camera) => {
          setName('');
          setLocation('');
          onCreated({ cameraId: camera.id, cameraName: camera.name, key: camera.ingest_key });
        },
      },
    );
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="add-camera-heading">
      <h2 id="add-camera-heading" className="panel__title">
        Add camera
      </h2>
      <div className="form__row">
        <TextField label="Name" required value={name} onChange={setName} />
        <TextField label="Location" value={location} onChange={setLocation} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Add camera
        </button>
      </div>
      <MutationError error={create.error} />
    </form>
  );
}

function EditCameraDialog({ camera, onClose }: { camera: Camera; onClose(): void }) {
  const update = useUpdateCamera();
  const [name, setName] = useState(camera.name);
  const [location, setLocation] = useState(camera.location);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: camera.id, name: name.trim(), location: location.trim() }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Edit ${camera.name}`} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <TextField label="Name" required value={name} onChange={setName} />
        <TextField label="Location" value={location} onChange={setLocation} />
        <MutationError error={update.error} />
        <DialogActions>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            Save
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

type Pending = { kind: 'delete' | 'rotate'; camera: Camera } | { kind: 'edit'; camera: Camera } | null;

function CameraRow({ camera, onAction }: { camera: Camera; onAction(action: Pending): void }) {
  const update = useUpdateCamera();
  return (
    <tr data-testid="camera-row" data-camera-id={camera.id}>
      <th scope="row">
        {camera.name}
        <SourceBadge source={camera.source} />
      </th>
      <td>{camera.location === '' ? <span className="muted">—</span> : camera.location}</td>
      <td>
        <span className={`status status--${camera.status}`}>{camera.status === 'online' ? 'Online' : 'Offline'}</span>
      </td>
      <td>{camera.enabled ? 'Enabled' : 'Disabled'}</td>
      <td>{camera.snoozed_until === null ? 'On' : <SnoozeState camera={camera} />}</td>
      <ActionsCell>
        <SnoozeControl camera={camera} />
        <button type="button" className="button button--small" onClick={() => onAction({ kind: 'edit', camera })}>
          Edit<span className="visually-hidden"> {camera.name}</span>
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: camera.id, enabled: !camera.enabled })}
        >
          {camera.enabled ? 'Disable' : 'Enable'}
          <span className="visually-hidden"> {camera.name}</span>
        </button>
        <button type="button" className="button button--small" onClick={() => onAction({ kind: 'rotate', camera })}>
          Rotate key<span className="visually-hidden"> of {camera.name}</span>
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          onClick={() => onAction({ kind: 'delete', camera })}
        >
          Delete<span className="visually-hidden"> {camera.name}</span>
        </button>
        <MutationError error={update.error} />
      </ActionsCell>
    </tr>
  );
}

export function CamerasAdmin() {
  const cameras = useCameras();
  const remove = useDeleteCamera();
  const rotate = useRotateIngestKey();
  const [pending, setPending] = useState<Pending>(null);
  const [shownKey, setShownKey] = useState<ShownKey | null>(null);

  return (
    <div className="page">
      <h1>Cameras</h1>
      <CreateCameraForm onCreated={setShownKey} />
      <ListPanel
        id="cameras-list-heading"
        title="All cameras"
        loading={cameras.isPending}
        errors={[cameras.error, remove.error ?? rotate.error]}
      >
        <AdminTable columns={['Name', 'Location', 'Status', 'Ingest', 'Alerts']}>
          {(cameras.data ?? []).map((camera) => (
            <CameraRow key={camera.id} camera={camera} onAction={setPending} />
          ))}
        </AdminTable>
      </ListPanel>
      {pending?.kind === 'edit' && <EditCameraDialog camera={pending.camera} onClose={() => setPending(null)} />}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete camera?"
          message={`${pending.camera.name} and its ingest key will be removed. Its stored events stay in the history.`}
          confirmLabel="Delete"
          busy={remove.isPending}
          onCancel={() => setPending(null)}
          onConfirm={() => remove.mutate(pending.camera.id, { onSettled: () => setPending(null) })}
        />
      )}
      {pending?.kind === 'rotate' && (
        <ConfirmDialog
          title="Rotate ingest key?"
          message={`The current key of ${pending.camera.name} stops working at once; the camera must be given the new key.`}
          confirmLabel="Rotate key"
          busy={rotate.isPending}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            const { camera } = pending;
            rotate.mutate(camera.id, {
              onSuccess: (result) =>
                setShownKey({ cameraId: camera.id, cameraName: camera.name, key: result.ingest_key }),
              onSettled: () => setPending(null),
            });
          }}
        />
      )}
      {shownKey !== null && (
        <IngestKeyDialog
          cameraId={shownKey.cameraId}
          cameraName={shownKey.cameraName}
          ingestKey={shownKey.key}
          onClose={() => setShownKey(null)}
        />
      )}
    </div>
  );
}
