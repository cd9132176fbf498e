// The cost of the data-limits check on the submit path (engine/data-budget.ts, from the build): ns per check of a
// typical 5-field attached data, medians of rounds, beside a submit of the same data for scale. Run after a build:
// node packages/strategy-runtime/bench/data-limits-cost.mjs

import { createRouter, createSimulatedClock } from '@routewright/strategy-runtime'
import { overDataLimits } from '../dist/engine/data-budget.js'
import { DEFAULT_LIMITS } from '../dist/engine/engine.js'

const data = { customer_tier: 'gold', account: 'A-1029-77', language: 'en', ivr_path: '1-3-2', score: 7 }
const ROUNDS = 15
const N = 200_000

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function checkRound() {
  let failures = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if (overDataLimits(data, DEFAULT_LIMITS, 'Interaction data', 'data')) failures++
  const ns = Number(process.hrtime.bigint() - start) / N
  if (failures) throw new Error('typical data failed the check')
  return ns
}

// a strategy that ends at once: the submit path alone (checks, run, first node, finish)
const router = createRouter({
  strategies: [{ strategy: 's', format: 1, start: 'e', nodes: { e: { type: 'end', outcome: 'reject' } } }],
  directory: { directory: 'd', format: 1 },
  clock: createSimulatedClock(0),
  limits: { keptFinished: 0, traceEntries: 0 },
})
let seq = 0
function submitRound() {
  const n = N / 4
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) router.submit({ id: `c${seq++}`, strategy: 's', data })
  return Number(process.hrtime.bigint() - start) / n
}

checkRound()
submitRound()
const checks = []
const submits = []
for (let r = 0; r < ROUNDS; r++) {
  checks.push(checkRound())
  submits.push(submitRound())
}
process.stdout.write(
  `${JSON.stringify({ rounds: ROUNDS, checkNs: +median(checks).toFixed(1), submitNs: +median(submits).toFixed(1), checkMin: +Math.min(...checks).toFixed(1), submitMin: +Math.min(...submits).toFixed(1) })}\n`,
)
