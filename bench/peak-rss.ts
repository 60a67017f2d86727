import { readFileSync } from 'node:fs';

/**
 * Peak RSS of this process in MiB. Linux: VmHWM of /proc/self/status, because getrusage's maxRSS
 * of a spawned child starts at its parent's RSS (fork copies the parent's page tables, and exec
 * folds that high-water mark into the child's), which would report the benchmark parent, not the
 * process measured. Elsewhere: getrusage.
 */
export function peakRssMiB(): number {
  const kib = vmHwmKiB('self');
  return kib === undefined ? process.resourceUsage().maxRSS / 1024 : kib / 1024;
}

/** VmHWM of process `pid` in KiB, from /proc; undefined where it cannot be read (not Linux, or the process is gone). */
export function vmHwmKiB(pid: number | 'self'): number | undefined {
  try {
    const match = /^VmHWM:\s*(\d+)\s*kB$/m.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
