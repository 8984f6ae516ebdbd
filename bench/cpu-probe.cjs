// Preloaded, beside rss-probe.cjs, into the processes the --deployed section of bench/run.mjs
// measures: on exit, writes the process's CPU time, user + system in microseconds (all its
// threads, not its children such as git), to the file named by WFO_BENCH_CPU_FILE. Less sensitive
// than wall time to other processes on the machine.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.WFO_BENCH_CPU_FILE) {
    const { user, system } = process.cpuUsage();
    writeFileSync(process.env.WFO_BENCH_CPU_FILE, String(user + system));
  }
});
