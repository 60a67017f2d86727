import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/core/log/prng.ts';
import { EventQueue } from '../../../src/server/demo/event-queue.ts';

describe('EventQueue', () => {
  it('pops events by time, then in the order they were pushed', () => {
    const random = new SeededRandom('queue');
    const queue = new EventQueue<number>();
    const pushed: { at: number; id: number }[] = [];
    for (let id = 0; id < 500; id++) {
      const at = random.int(0, 50);
      pushed.push({ at, id });
      queue.push(at, id);
    }
    expect(queue.size).toBe(500);
    const popped: number[] = [];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) popped.push(next.event);
    const expected = [...pushed].sort((a, b) => a.at - b.at || a.id - b.id).map((e) => e.id);
    expect(popped).toEqual(expected);
    expect(queue.pop()).toBeUndefined();
  });

  it('accepts pushes while it is being drained', () => {
    const queue = new EventQueue<string>();
    queue.push(10, 'b');
    queue.push(5, 'a');
    const order: string[] = [];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      order.push(next.event);
      if (next.event === 'a') queue.push(7, 'follow-up');
    }
    expect(order).toEqual(['a', 'follow-up', 'b']);
  });
});
