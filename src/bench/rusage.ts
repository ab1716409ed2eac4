// Preloaded into a benchmarked process (node --import): reports its peak memory on exit, leaving the CLI untouched.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
