/** One measured figure. `group` names the benchmark; `note` carries the reference or the goal. */
export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export type BenchModule = { run(report: (row: BenchRow) => void): Promise<void> };
