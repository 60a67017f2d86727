import { formatLocalTime, formatUtcTime } from '../format.ts';

interface LocalTimeProps {
  /** RFC 3339 text or epoch milliseconds; null shows a dash. */
  value: string | number | null;
  /** Show the date only. */
  dateOnly?: boolean;
}

/** A time in the person's local time, with UTC on hover and in the machine-readable attribute. */
export function LocalTime({ value, dateOnly = false }: LocalTimeProps) {
  if (value === null) return <span className="muted">—</span>;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return <span>{String(value)}</span>;
  const utc = formatUtcTime(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={utc}>
      {formatLocalTime(ms, dateOnly)}
    </time>
  );
}
