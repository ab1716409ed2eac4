// One process building the Karabakh brief N times in a row, as a batch's build process does (the
// bench starts it with the batch's WORKER_FLAGS): `node --import rusage.js many.js BRIEF N`
// reports its peak memory on exit.
import { buildBrief } from '../build.js';

const brief = process.argv[2];
const n = Number(process.argv[3] ?? 100);
for (let i = 0; i < n; i++) await buildBrief(brief);
