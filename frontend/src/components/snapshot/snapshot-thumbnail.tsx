import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useInView } from '@/hooks/use-in-view';
import { snapshotUrlsQueryOptions } from '@/lib/snapshot-urls';
import { SnapshotLightbox } from './snapshot-lightbox';
import styles from './snapshot.module.css';

interface SnapshotThumbnailProps {
  eventId: number;
  /** What the picture shows, for the button's name and the lightbox caption. */
  label: string;
  /**
   * Whether the event is not known to have an image (an alert's event): nothing shows until
   * its URLs arrive, and nothing at all when it has none. Otherwise a placeholder holds the place.
   */
  optional?: boolean;
}

/**
 * An event's thumbnail, loaded when it comes into view through a short-lived signed URL (the
 * access token never goes into an image URL); a click opens the full image in a lightbox.
 */
export function SnapshotThumbnail({ eventId, label, optional = false }: SnapshotThumbnailProps) {
  const ref = useRef<HTMLSpanElement>(null);
  const visible = useInView(ref);
  const urls = useQuery({ ...snapshotUrlsQueryOptions(eventId), enabled: visible });
  const [open, setOpen] = useState(false);

  if (urls.isError) return null;
  if (urls.data === undefined) {
    return <span ref={ref} className={optional ? styles.probe : styles.placeholder} aria-hidden="true" />;
  }
  return (
    <>
      <button
        type="button"
        className={styles.thumbnail}
        onClick={() => setOpen(true)}
        aria-label={`Show picture: ${label}`}
        data-testid="snapshot-thumbnail"
      >
        <img src={urls.data.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </button>
      {open && <SnapshotLightbox url={urls.data.url} label={label} onClose={() => setOpen(false)} />}
    </>
  );
}
