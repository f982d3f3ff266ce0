import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelative } from '@/lib/format';

interface RelativeTimeProps {
  iso: string;
  prefix?: string;
}

/**
 * A <time> whose text is relative ("12 s ago") and whose title is the exact local time. It
 * reads the shared clock itself, so only this element re-renders as time passes.
 */
export function RelativeTime({ iso, prefix = '' }: RelativeTimeProps) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {prefix}
      {formatRelative(iso, now)}
    </time>
  );
}
