// Preloaded into a benchmarked script (node --import): reports its peak memory on exit, the way
// briefpress's own processes do when the bench asks them (src/cli/rusage.ts).
import { reportPeakMemory } from '../cli/rusage.js';

process.env.BRIEFPRESS_BENCH_RUSAGE ??= '1';
reportPeakMemory();
