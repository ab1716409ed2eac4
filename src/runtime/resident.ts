// How much memory a process holds, as the system counts it.
import { readFileSync } from 'node:fs';

/** Resident size of a process in bytes, where the system says (Linux's /proc); undefined elsewhere. */
export function residentBytes(pid: number | 'self'): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
