// Preloaded into a benchmarked process (node --import): reports its peak RSS on exit.
process.on('exit', () => {
  process.stderr.write(`\nbench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
