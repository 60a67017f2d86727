import { useEffect, useRef } from 'react';

/** How long to wait for a screen's heading to appear (screens render it at once; this is a safety net). */
const MAX_FRAMES = 30;

/**
 * Moves focus to the new screen's <h1> when the screen shown changes (`key`: the screen and its
 * route), so keyboard and screen-reader users land on what changed. Not on the first screen after
 * start-up (`key` null while loading): there the skip link must stay the first stop. Not either
 * when focus is already inside the main area (see below).
 */
export function useRouteFocus(key: string | null): void {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = key;
    if (key === null || before === null || before === key) return undefined;
    let frame = 0;
    let handle = 0;
    const tryFocus = () => {
      // The new screen may have placed focus itself (a flow's first field), or the route changed
      // within a screen that kept the focused element (a list and its detail): leave it there.
      const main = document.getElementById('main');
      const active = document.activeElement;
      if (main !== null && active instanceof HTMLElement && active !== main && main.contains(active)) return;
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (heading !== null) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus();
        return;
      }
      if (++frame < MAX_FRAMES) handle = requestAnimationFrame(tryFocus);
      else document.getElementById('main')?.focus();
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [key]);
}
