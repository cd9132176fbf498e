// Preloaded into the CLI by the validate benchmarks (node --import): prints the process's peak resident set size
// and its CPU time, user + system (worker threads included: they share the process), on stderr as it exits.
process.on('exit', () => {
  const usage = process.resourceUsage()
  process.stderr.write(
    `\nRW_PEAK_RSS_KB=${usage.maxRSS}\nRW_CPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`,
  )
})
