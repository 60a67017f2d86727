import { CopyButton } from './CopyButton.tsx';

/** A key fingerprint, monospaced and selectable, with a copy button. */
export function Fingerprint({ value, label = 'Copy fingerprint' }: { value: string; label?: string }) {
  return (
    <span className="fingerprint">
      <code className="fingerprint-value">{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  );
}
