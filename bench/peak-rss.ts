import { readFileSync } from 'node:fs';

/**
 * Peak RSS of this process in MiB. Linux: VmHWM of /proc/self/status, because getrusage's maxRSS
 * of a spawned child starts at its parent's RSS (fork copies the parent's page tables, and exec
 * folds that high-water mark into the child's), which would report the benchmark parent, not the
 * process measured. Elsewhere: getrusage.
 */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s*(\d+)\s*kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
