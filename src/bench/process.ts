// How npm run bench measures a whole command as cron runs it: wall time, the CPU time of the
// process and every process it started, and the resident memory of that tree (its largest
// process, and all of them at once), sampled from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { residentBytes } from '../runtime/resident.js';

export interface TreeRun {
  ms: number;
  /** User and system CPU seconds of the process and its descendants; NaN where /proc is missing. */
  cpuS: number;
  /** Largest resident size of any one process of the tree, MB (sampled). */
  maxProcessMb: number;
  /** Largest resident size of the whole tree at one moment, MB (sampled). */
  maxTreeMb: number;
  stdout: string;
}

let tick: number | undefined;

/** Clock ticks per second, the unit of /proc's CPU times. */
function ticks(): number {
  if (tick === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    tick = Number(r.stdout.trim()) || 100;
  }
  return tick;
}

/** CPU seconds of every child this process has waited for (cutime + cstime, /proc/self/stat). */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on: cutime is 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / ticks();
  } catch {
    return NaN;
  }
}

/** The process and every descendant now alive (Linux's /proc/PID/task/TID/children). */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const kids = readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'latin1').trim();
      if (kids) out.push(...kids.split(' ').map(Number));
    } catch {
      // Gone already, or a system without the file: what was seen is what is counted.
    }
  }
  return out;
}

/** Runs `command` to its end, sampling its tree's memory every 10 ms; throws if it fails. */
export function runTree(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TreeRun> {
  const cpu0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let maxProcessMb = 0;
  let maxTreeMb = 0;
  const sample = () => {
    if (child.pid === undefined) return;
    const sizes = tree(child.pid).map((pid) => (residentBytes(pid) ?? 0) / 1048576);
    maxProcessMb = Math.max(maxProcessMb, ...sizes);
    maxTreeMb = Math.max(
      maxTreeMb,
      sizes.reduce((a, b) => a + b, 0),
    );
  };
  const timer = setInterval(sample, 10);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`bench: ${command} ${args.join(' ')} failed (${code}): ${stderr}`));
      else resolve({ ms, cpuS: childrenCpu() - cpu0, maxProcessMb, maxTreeMb, stdout });
    });
  });
}
