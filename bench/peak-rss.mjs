// Preloaded into the CLI by the validate benchmark (node --import): prints the process's peak resident set size
// (worker threads included: they share the process) on stderr as it exits.
process.on('exit', () => {
  process.stderr.write(`\nRW_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`)
})
