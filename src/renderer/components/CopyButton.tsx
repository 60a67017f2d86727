import { useEffect, useState } from 'react';

interface CopyButtonProps {
  /** The exact text copied. */
  value: string;
  /** The accessible name, starting with "Copy" ("Copy fingerprint"); only "Copy" is shown. */
  label: string;
}

/**
 * Copies `value` to the clipboard and says so. The clipboard may be refused (Electron denies
 * permission requests; DESIGN §6): then it says to select the text instead.
 */
export function CopyButton({ value, label }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <button type="button" className="button button-quiet button-small" onClick={() => void copy()}>
        {/* "Copy" is what shows; the rest of the name (what is copied) is for assistive technology. */}
        Copy<span className="visually-hidden">{label.replace(/^Copy\b/, '')}</span>
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy refused: select the text and copy it' : ''}
      </span>
    </span>
  );
}
