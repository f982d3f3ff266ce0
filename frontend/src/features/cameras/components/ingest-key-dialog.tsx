import { useState } from 'react';
import { Dialog, DialogActions } from '@/components/dialog';
import { CopyIcon } from '@/components/icons';
import styles from './ingest-key-dialog.module.css';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The Clipboard API needs a secure context; plain http on a LAN falls back to a hidden textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function curlExample(origin: string, cameraId: number, key: string): string {
  return `curl -X POST ${origin}/api/cameras/${cameraId}/events -H 'X-Camera-Key: ${key}' -H 'Content-Type: application/json' -d '{"event_type":"motion_detected"}'`;
}

interface IngestKeyDialogProps {
  cameraId: number;
  cameraName: string;
  ingestKey: string;
  onClose(): void;
}

/** The ingest key is shown once, right after creating or rotating it: copy it now. */
export function IngestKeyDialog({ cameraId, cameraName, ingestKey, onClose }: IngestKeyDialogProps) {
  const [copied, setCopied] = useState<'key' | 'curl' | 'failed' | null>(null);
  const curl = curlExample(window.location.origin, cameraId, ingestKey);
  const copy = (what: 'key' | 'curl', text: string) =>
    void copyText(text).then((ok) => setCopied(ok ? what : 'failed'));

  return (
    <Dialog
      title={`Ingest key for ${cameraName}`}
      description="This key is shown only once. Store it in the camera's configuration now; rotate it if it is lost."
      onClose={onClose}
      testId="ingest-key"
    >
      <div className={styles.keyBox}>
        <code className={styles.keyValue} data-testid="ingest-key-value">
          {ingestKey}
        </code>
        <button type="button" className="button button--small" onClick={() => copy('key', ingestKey)}>
          <CopyIcon /> Copy
        </button>
      </div>
      <p className="muted">Send a test event:</p>
      <pre className={styles.codeBlock} data-testid="ingest-curl">
        <code>{curl}</code>
      </pre>
      <button type="button" className="button button--small" onClick={() => copy('curl', curl)}>
        <CopyIcon /> Copy command
      </button>
      <p className="muted" role="status">
        {copied === 'key' && 'Key copied to the clipboard.'}
        {copied === 'curl' && 'Command copied to the clipboard.'}
        {copied === 'failed' && 'Copy failed: select the text and copy it by hand.'}
      </p>
      <DialogActions>
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </DialogActions>
    </Dialog>
  );
}
