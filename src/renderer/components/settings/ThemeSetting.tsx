import { useState } from 'react';
import { toShownError, type ShownError } from '../../api.ts';
import { sessionSelectors } from '../../store/session-selectors.ts';
import { useSessionStore } from '../../store/session-store.ts';
import type { ThemeSetting as Theme } from '../../theme/theme.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { Panel } from '../Panel.tsx';

const OPTIONS: readonly { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'Follow the system', hint: 'Light or dark, as your operating system is set.' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'dark', label: 'Dark', hint: '' },
];

/** Theme: system (default), light or dark; applied at once, saved with the settings. */
export function ThemeSetting() {
  const theme = useSessionStore(sessionSelectors.theme);
  const updateSettings = useSessionStore(sessionSelectors.updateSettings);
  const [error, setError] = useState<ShownError | null>(null);
  const choose = async (value: Theme) => {
    // Applied at once in this window even if saving fails (then it lasts until the window closes).
    useSessionStore.setState((state) => ({ bootTheme: value, settings: state.settings === null ? null : { ...state.settings, theme: value } }));
    setError(null);
    try {
      await updateSettings({ theme: value });
    } catch (failure) {
      setError(toShownError(failure));
    }
  };
  return (
    <Panel title="Appearance">
      <fieldset className="radio-group">
        <legend>Theme</legend>
        {OPTIONS.map((option) => (
          <label key={option.value} className="radio">
            <input type="radio" name="theme" value={option.value} checked={theme === option.value} onChange={() => void choose(option.value)} />
            <span>
              {option.label}
              {option.hint !== '' && <span className="hint"> — {option.hint}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      {error !== null && <ErrorPanel error={error} />}
    </Panel>
  );
}
