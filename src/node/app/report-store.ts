/**
 * The latest verification report of each replica, in `reports/<originId>.json`, with the
 * verification record's bytes beside it in `reports/<originId>.record.json`. The record is written
 * first, so a report on disk always has its record. A report that does not parse (damaged, from
 * another version) reads as none: the person runs the verification again.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { verificationReportSchema, type VerificationReport } from '../../core/api/schemas/verification.ts';
import { parseJsonStrict } from '../../core/json.ts';
import { writeFileAtomic } from './atomic-file.ts';

export class ReportStore {
  readonly #dir: string;
  readonly #cache = new Map<number, VerificationReport | null>();

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** The latest report of `originId`, or null. */
  latest(originId: number): VerificationReport | null {
    const cached = this.#cache.get(originId);
    if (cached !== undefined) return cached;
    let report: VerificationReport | null;
    try {
      report = verificationReportSchema.parse(parseJsonStrict(readFileSync(this.#reportFile(originId), 'utf8')));
      if (report.originId !== originId) report = null;
    } catch {
      report = null;
    }
    this.#cache.set(originId, report);
    return report;
  }

  /** The record bytes of the latest report, or undefined. */
  record(originId: number): Uint8Array | undefined {
    if (this.latest(originId) === null) return undefined;
    try {
      return new Uint8Array(readFileSync(this.#recordFile(originId)));
    } catch {
      return undefined;
    }
  }

  save(report: VerificationReport, record: Uint8Array): void {
    writeFileAtomic(this.#recordFile(report.originId), record);
    writeFileAtomic(this.#reportFile(report.originId), `${JSON.stringify(report)}\n`);
    this.#cache.set(report.originId, report);
  }

  /** Forgets the report of `originId` (tests, a replica removed). */
  remove(originId: number): void {
    rmSync(this.#reportFile(originId), { force: true });
    rmSync(this.#recordFile(originId), { force: true });
    this.#cache.delete(originId);
  }

  // originId is a validated positive integer: the names cannot leave the directory.
  #reportFile(originId: number): string {
    return path.join(this.#dir, `${Math.trunc(originId)}.json`);
  }

  #recordFile(originId: number): string {
    return path.join(this.#dir, `${Math.trunc(originId)}.record.json`);
  }
}
