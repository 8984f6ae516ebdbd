// Preloaded into every measured process (NODE_OPTIONS=--require): on exit, writes the process's
// peak resident set size in kilobytes to the file named by WFO_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.WFO_BENCH_RSS_FILE) writeFileSync(process.env.WFO_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
