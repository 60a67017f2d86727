/**
 * Progress of one sync: phase, entries and bytes, rates and an estimate of the time left. Rates are
 * averaged over the whole entries phase (a sync is short enough, and a steadier ETA reads better).
 */

export type SyncPhase = 'checkpoint' | 'consistency' | 'tiles' | 'entries' | 'done';

export interface SyncProgress {
  readonly origin: string;
  readonly phase: SyncPhase;
  /** Size of the tree being synced to (0 until the checkpoint is verified). */
  readonly treeSize: number;
  /** Entries stored, verified and applied so far in this sync. */
  readonly entriesDone: number;
  /** Entries this sync has to apply. */
  readonly entriesTotal: number;
  /** Absolute position: entries [0, cursor) are in the replica. */
  readonly cursor: number;
  /** Bytes received in this sync. */
  readonly bytes: number;
  readonly entriesPerSecond: number;
  readonly bytesPerSecond: number;
  /** Seconds left at the current rate; null before there is a rate. */
  readonly etaSeconds: number | null;
  readonly elapsedMs: number;
}

export class ProgressMeter {
  readonly #onProgress: ((p: SyncProgress) => void) | undefined;
  readonly #started = performance.now();
  #entriesStarted: number | undefined;
  #origin = '';
  #phase: SyncPhase = 'checkpoint';
  #treeSize = 0;
  #startCursor = 0;
  #cursor = 0;
  #bytes = 0;

  constructor(onProgress?: (p: SyncProgress) => void) {
    this.#onProgress = onProgress;
  }

  get bytes(): number {
    return this.#bytes;
  }

  addBytes(n: number): void {
    this.#bytes += n;
  }

  /** Enters `phase`; `target` and `cursor` once known. */
  phase(phase: SyncPhase, target?: { origin: string; treeSize: number; cursor: number }): void {
    this.#phase = phase;
    if (target !== undefined) {
      this.#origin = target.origin;
      this.#treeSize = target.treeSize;
      this.#startCursor = target.cursor;
      this.#cursor = target.cursor;
    }
    if (phase === 'entries') this.#entriesStarted = performance.now();
    this.emit();
  }

  /** Entries [0, cursor) are now committed. */
  advance(cursor: number): void {
    this.#cursor = cursor;
    this.emit();
  }

  snapshot(): SyncProgress {
    const now = performance.now();
    const elapsedMs = now - this.#started;
    const entriesDone = this.#cursor - this.#startCursor;
    const entriesTotal = Math.max(0, this.#treeSize - this.#startCursor);
    const entriesSeconds = this.#entriesStarted === undefined ? 0 : (now - this.#entriesStarted) / 1000;
    const entriesPerSecond = entriesSeconds > 0 ? entriesDone / entriesSeconds : 0;
    const remaining = entriesTotal - entriesDone;
    return {
      origin: this.#origin,
      phase: this.#phase,
      treeSize: this.#treeSize,
      entriesDone,
      entriesTotal,
      cursor: this.#cursor,
      bytes: this.#bytes,
      entriesPerSecond,
      bytesPerSecond: elapsedMs > 0 ? (this.#bytes * 1000) / elapsedMs : 0,
      etaSeconds: remaining <= 0 ? 0 : entriesPerSecond > 0 ? remaining / entriesPerSecond : null,
      elapsedMs,
    };
  }

  emit(): void {
    this.#onProgress?.(this.snapshot());
  }
}
