import { useEffect, useLayoutEffect, useRef } from 'react';
import { CloseIcon } from '@/components/icons';
import styles from './snapshot.module.css';

interface SnapshotLightboxProps {
  /** The full image's signed URL. */
  url: string;
  /** What the picture shows, e.g. "Unknown face at Front door". */
  label: string;
  onClose(): void;
}

/**
 * The full image over the page, on the native <dialog>: showModal() traps focus and Escape
 * closes it; so do the close button and a tap on the backdrop. The image fits the viewport,
 * a phone's included.
 */
export function SnapshotLightbox({ url, label, onClose }: SnapshotLightboxProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // A layout effect: its cleanup runs before React removes the element, so close() restores focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    // A tap on the backdrop hits the dialog element itself (the figure covers its box); the
    // keyboard's way out is Escape, which <dialog> handles natively.
    const onBackdrop = (event: MouseEvent): void => {
      if (event.target === dialog) dialog.close();
    };
    dialog.addEventListener('click', onBackdrop);
    dialog.showModal();
    return () => {
      dialog.removeEventListener('click', onBackdrop);
      dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={styles.lightbox}
      aria-label={label}
      data-testid="snapshot-lightbox"
      onClose={(event) => {
        if (!event.currentTarget.open) onCloseRef.current();
      }}
    >
      <figure className={styles.figure}>
        <img className={styles.full} src={url} alt={label} data-testid="snapshot-full" />
        <figcaption className={styles.caption}>{label}</figcaption>
      </figure>
      <button
        type="button"
        className={styles.close}
        aria-label="Close picture"
        onClick={() => ref.current?.close()}
        data-testid="snapshot-close"
      >
        <CloseIcon />
      </button>
    </dialog>
  );
}
