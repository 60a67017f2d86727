/**
 * Bounded parallel fetching in order: keeps up to `window` fetches in flight and yields their
 * results in index order, so that a consumer verifying and applying in log order never holds more
 * than `window` results. A failed fetch surfaces when its turn comes (the others keep their handlers
 * so no rejection goes unhandled); fetches still in flight when the consumer stops are ended by the
 * caller's AbortSignal.
 */
export async function* orderedFetch<T>(start: number, end: number, window: number, fetchOne: (index: number) => Promise<T>): AsyncGenerator<T> {
  const queue: Promise<T>[] = [];
  let next = start;
  const fill = (): void => {
    while (queue.length < window && next < end) {
      const pending = fetchOne(next++);
      pending.catch(() => undefined);
      queue.push(pending);
    }
  };
  fill();
  while (queue.length > 0) {
    const value = await (queue.shift() as Promise<T>);
    fill();
    yield value;
  }
}
