/**
 * A min-heap of scheduled demo events ordered by time, then by insertion order, so that events at
 * the same millisecond run in the order they were scheduled and the demo stays deterministic.
 */

interface Slot<T> {
  readonly at: number;
  readonly seq: number;
  readonly event: T;
}

export class EventQueue<T> {
  readonly #heap: Slot<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `event` at `at` (ms). */
  push(at: number, event: T): void {
    const heap = this.#heap;
    heap.push({ at, seq: this.#seq++, event });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Slot<T>, heap[parent] as Slot<T>)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  /** The earliest event and its time, or undefined when empty. */
  pop(): { at: number; event: T } | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Slot<T>;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Slot<T>, heap[m] as Slot<T>)) m = l;
        if (r < heap.length && before(heap[r] as Slot<T>, heap[m] as Slot<T>)) m = r;
        if (m === i) break;
        swap(heap, i, m);
        i = m;
      }
    }
    return { at: top.at, event: top.event };
  }
}

function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap<T>(heap: Slot<T>[], i: number, j: number): void {
  const t = heap[i] as Slot<T>;
  heap[i] = heap[j] as Slot<T>;
  heap[j] = t;
}
