import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import styles from './dialog.module.css';

interface DialogProps {
  title: string;
  /** Called when the user dismisses the dialog (Escape); the parent then stops rendering it. */
  onClose(): void;
  children: ReactNode;
  /** Extra test id on the dialog element. */
  testId?: string;
  description?: string;
}

/**
 * A modal on the native <dialog>: showModal() gives the focus trap, the inert background and
 * Escape; closing it while it is still in the document returns focus to where it was.
 */
export function Dialog({ title, onClose, children, testId, description }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // A layout effect: its cleanup runs before React removes the element, so close() can restore focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descriptionId}
      data-testid={testId}
      // Escape closed it natively. A close event that finds it open again is a stale one from a remount.
      onClose={(event) => {
        if (!event.currentTarget.open) onCloseRef.current();
      }}
    >
      <h2 id={titleId} className={styles.title}>
        {title}
      </h2>
      {description !== undefined && (
        <p id={descriptionId} className="muted">
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}

/** The row of buttons at the bottom of a dialog. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className={styles.actions}>{children}</div>;
}

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel, busy }: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onCancel} description={message}>
      <DialogActions>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </DialogActions>
    </Dialog>
  );
}
