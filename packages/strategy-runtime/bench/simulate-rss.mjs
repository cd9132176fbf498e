// Runs one simulate() with the options given as JSON in argv[2], in a process of its own, and prints its peak RSS in
// KB: in the benchmark's own process the heap left by the benchmarks before it would count as simulate's.
import { simulate } from '@routewright/strategy-runtime'

const result = simulate(JSON.parse(process.argv[2]))
process.stdout.write(
  `${JSON.stringify({ offered: result.offered, maxRssKb: process.resourceUsage().maxRSS })}\n`,
)
