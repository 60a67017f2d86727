import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/core/log/prng.ts';
import { recomputeScore } from '../../../src/core/trust/score.ts';
import { drawDropScore, drawRoutineScore } from '../../../src/server/demo/trust-model.ts';

describe('drawRoutineScore', () => {
  it('never lands in the suspension band and records the recomputed score', () => {
    const random = new SeededRandom('routine');
    const bad: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const target = random.int(0, 100);
      const s = drawRoutineScore(random, target);
      const r = recomputeScore(s.factors);
      if (s.score < 30 || s.score !== r.score || s.band !== r.band) bad.push(`${target}: ${s.score}`);
    }
    expect(bad).toEqual([]);
  });

  it('stays near its target', () => {
    const random = new SeededRandom('near');
    const scores = Array.from({ length: 500 }, () => drawRoutineScore(random, 90).score);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect(mean).toBeGreaterThan(85);
    expect(mean).toBeLessThan(95);
  });
});

describe('drawDropScore', () => {
  it('lands in the band asked for, with at least two anomaly flags', () => {
    const random = new SeededRandom('drop');
    const bad: string[] = [];
    for (let i = 0; i < 500; i++) {
      const suspension = drawDropScore(random, 'suspension');
      if (suspension.band !== 'suspension' || suspension.score !== recomputeScore(suspension.factors).score) bad.push(`s ${suspension.score}`);
      const human = drawDropScore(random, 'human_approval');
      if (human.band !== 'human_approval') bad.push(`h ${human.score}`);
      if (suspension.flags.length < 2 || human.flags.length < 2) bad.push('flags');
    }
    expect(bad).toEqual([]);
  });
});
