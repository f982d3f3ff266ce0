import { formatDateTime, formatRelative } from '@/lib/format';

interface RelativeTimeProps {
  iso: string;
  now: number;
  prefix?: string;
}

/** A <time> whose text is relative ("12 s ago") and whose title is the exact local time. */
export function RelativeTime({ iso, now, prefix = '' }: RelativeTimeProps) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {prefix}
      {formatRelative(iso, now)}
    </time>
  );
}
