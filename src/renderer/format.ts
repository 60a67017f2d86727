/**
 * Formatting for people: local time with UTC available, grouped integers, sizes, durations.
 * Pure functions (tested without a DOM).
 */

const integerFormat = new Intl.NumberFormat('en-GB');

/** `42118` → `42,118`. */
export function formatCount(value: number | bigint | string): string {
  if (typeof value === 'string') return /^\d+$/.test(value) ? integerFormat.format(BigInt(value)) : value;
  return integerFormat.format(value);
}

/** Local date and time, to the second (or the date only). */
export function formatLocalTime(ms: number, dateOnly = false): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return dateOnly ? date : `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `2026-11-26 10:00:00 UTC`. */
export function formatUtcTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}

/** A duration in words: `45 s`, `3 min 5 s`, `2 h 10 min`, `4 days`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  const days = Math.floor(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** How long ago `ms` was, relative to `now`: `5 min ago`. */
export function formatAge(ms: number, now: number): string {
  return `${formatDuration(Math.max(0, (now - ms) / 1000))} ago`;
}

/** Bytes as `1.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A long hex string shortened for a table cell: `3fa2…91c0` (the full value goes in a title). */
export function shortHex(hex: string, keep = 8): string {
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-keep)}`;
}
