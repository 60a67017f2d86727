import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitWindowState,
  loadWindowState,
  parseWindowState,
  saveWindowState,
} from '../../src/main/window-state.ts';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1080 };

describe('parseWindowState', () => {
  it('reads a valid state', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1000,"height":700,"maximized":false}')).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"width":1000,'],
    ['not an object', '[1000,700]'],
    ['missing fields', '{"width":1000}'],
    ['extra fields', '{"width":1000,"height":700,"maximized":false,"url":"https://evil.example"}'],
    ['duplicate keys', '{"width":1000,"width":900,"height":700,"maximized":false}'],
    ['fractional size', '{"width":1000.5,"height":700,"maximized":false}'],
    ['too small', '{"width":10,"height":10,"maximized":false}'],
    ['huge', '{"width":1e9,"height":700,"maximized":false}'],
    ['wrong types', '{"width":"1000","height":700,"maximized":"no"}'],
    ['oversized file', `{"width":1000,"height":700,"maximized":false,"pad":"${'x'.repeat(5000)}"}`],
  ])('refuses %s', (_label, text) => {
    expect(parseWindowState(text)).toBeNull();
  });
});

describe('fitWindowState', () => {
  it('keeps a position that is on a display', () => {
    expect(fitWindowState({ x: 100, y: 100, width: 1000, height: 700, maximized: false }, [SCREEN])).toEqual({
      x: 100,
      y: 100,
      width: 1000,
      height: 700,
    });
  });

  it('drops a position on a display that is gone, so the window is centred', () => {
    expect(fitWindowState({ x: 3000, y: 100, width: 1000, height: 700, maximized: false }, [SCREEN])).toEqual({ width: 1000, height: 700 });
  });

  it('drops a position that leaves only a sliver of the window visible', () => {
    expect(fitWindowState({ x: 1900, y: 100, width: 1000, height: 700, maximized: false }, [SCREEN])).toEqual({ width: 1000, height: 700 });
  });

  it('keeps the size and drops the position when no display is known', () => {
    expect(fitWindowState({ x: 10, y: 10, width: 1000, height: 700, maximized: false }, [])).toEqual({ width: 1000, height: 700 });
  });

  it('shrinks a size larger than the largest display', () => {
    expect(fitWindowState({ width: 5000, height: 4000, maximized: false }, [SCREEN])).toEqual({ width: 1920, height: 1080 });
  });
});

describe('loadWindowState and saveWindowState', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-window-'));
    dirs.push(dir);
    return path.join(dir, 'window-state.json');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a state', async () => {
    const file = tempFile();
    const state = { x: 5, y: 6, width: 900, height: 600, maximized: true };
    await saveWindowState(file, state);
    await expect(loadWindowState(file)).resolves.toEqual(state);
  });

  it('falls back to the defaults for a missing or corrupt file', async () => {
    const file = tempFile();
    await expect(loadWindowState(file)).resolves.toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width":');
    await expect(loadWindowState(file)).resolves.toEqual(DEFAULT_WINDOW_STATE);
  });

  it('does not write an invalid state', async () => {
    const file = tempFile();
    await saveWindowState(file, { x: 5, y: 6, width: 900, height: 600, maximized: true });
    await saveWindowState(file, { width: -1, height: 600, maximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ width: 900 });
  });
});
