// One process building the Karabakh brief N times in a row (a cron batch kept in one process):
// `node --import rusage.js many.js N` reports its peak memory on exit; the bench reads it.
import { buildBrief } from '../build.js';

const brief = process.argv[2];
const n = Number(process.argv[3] ?? 100);
for (let i = 0; i < n; i++) await buildBrief(brief);
