import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { parseJsonStrict } from '../core/json.ts';

/**
 * The main window's size and position, remembered in a small JSON file in the user data directory.
 *
 * Policy: the file is input like any other (another program, a crash mid-write or a hand edit may
 * have changed it): it is parsed strictly and validated; anything wrong means "use the defaults",
 * never a crash. A remembered position is used only if the window would still be visible on one of
 * the current displays (a monitor may have been unplugged); otherwise the window is centred.
 */
export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 640, height: 480 } as const;
const MAX_FILE_BYTES = 4096;
const MAX_COORDINATE = 100_000;
/** How much of the window must overlap a display's work area for a remembered position to be kept. */
const MIN_VISIBLE_PX = 64;

const coordinate = z.int().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const windowStateSchema = z.strictObject({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.int().min(MIN_WINDOW_SIZE.width).max(MAX_COORDINATE),
  height: z.int().min(MIN_WINDOW_SIZE.height).max(MAX_COORDINATE),
  maximized: z.boolean(),
});
export type WindowState = z.output<typeof windowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { ...DEFAULT_WINDOW_SIZE, maximized: false };

/** The window state in `text`, or `null` when it is not a valid state file (see the policy). */
export function parseWindowState(text: string): WindowState | null {
  try {
    const result = windowStateSchema.safeParse(parseJsonStrict(text, { maxBytes: MAX_FILE_BYTES, maxDepth: 2 }));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * The bounds to open the window with: the remembered size, no larger than the largest work area,
 * and the remembered position only if at least MIN_VISIBLE_PX × MIN_VISIBLE_PX of the window falls
 * on one of `workAreas` (otherwise no position: Electron centres the window).
 */
export function fitWindowState(state: WindowState, workAreas: readonly Rectangle[]): Partial<Rectangle> & { width: number; height: number } {
  // No display information (should not happen): keep the size, let Electron place the window.
  if (workAreas.length === 0) return { width: state.width, height: state.height };
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, ...workAreas.map((area) => area.height));
  const width = Math.min(state.width, maxWidth);
  const height = Math.min(state.height, maxHeight);
  if (state.x === undefined || state.y === undefined) return { width, height };
  const bounds = { x: state.x, y: state.y, width, height };
  return workAreas.some((area) => overlaps(bounds, area)) ? bounds : { width, height };
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= MIN_VISIBLE_PX && height >= MIN_VISIBLE_PX;
}

/** The state stored at `file`, or the defaults when it is absent or invalid. Never throws. */
export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    return parseWindowState(await readFile(file, 'utf8')) ?? DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/**
 * Writes `state` to `file` atomically (a temporary file renamed over it), so a crash mid-write
 * leaves the old state. An invalid state is ignored, not written; only file-system errors throw.
 */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const checked = windowStateSchema.safeParse(state);
  if (!checked.success) return;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(checked.data), { encoding: 'utf8', mode: 0o600 });
  await rename(temporary, file);
}
