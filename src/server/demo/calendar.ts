import type { SeededRandom } from '../../core/log/prng.ts';

/**
 * Time helpers for the demo's schedule: units, and draws of instants shaped by the working week
 * (agents work around the clock, but more in business hours; people act mostly in business
 * hours). Pure integer arithmetic on UTC milliseconds, no Date, so the schedule is the same
 * everywhere.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekday(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 3) % 7;
}

function hourOfDay(ms: number): number {
  return Math.floor((ms % DAY_MS) / HOUR_MS);
}

/** Relative activity at `ms`: 1 in weekday business hours (07–19 UTC), less at night and weekends. */
function activityWeight(ms: number, people: boolean): number {
  const weekend = weekday(ms) >= 5;
  const hour = hourOfDay(ms);
  const business = hour >= 7 && hour < 19;
  if (people) return business ? (weekend ? 0.08 : 1) : weekend ? 0.02 : 0.06;
  return (business ? 1 : 0.35) * (weekend ? 0.5 : 1);
}

/**
 * An instant in [fromMs, toMs] drawn with the working-week shape (`people`: for admins' actions,
 * strongly business hours; otherwise agents' traffic). Precondition: fromMs <= toMs.
 */
export function drawInstant(random: SeededRandom, fromMs: number, toMs: number, people = false): number {
  const span = Math.max(0, toMs - fromMs);
  let candidate = fromMs;
  // Rejection sampling; the acceptance rate is at least ~15%, and after 64 tries any instant will do.
  for (let i = 0; i < 64; i++) {
    candidate = fromMs + Math.floor((random.nextUint32() / 2 ** 32) * (span + 1));
    if (random.nextUint32() / 2 ** 32 < activityWeight(candidate, people)) return candidate;
  }
  return candidate;
}
