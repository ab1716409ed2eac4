// Peak memory for `npm run bench`: the process that builds reports its own on exit when asked
// (the launcher may hand the build to a second process, which a parent's preload would not see).

export function reportPeakMemory(label = 'BENCH_MAXRSS_KB') {
  if (!process.env.BRIEFPRESS_BENCH_RUSAGE) return;
  process.on('exit', () => process.stderr.write(`\n${label}=${process.resourceUsage().maxRSS}\n`));
}
