// The cost of the checks on the submit path, from the build: the data-limits check alone (engine/data-budget.ts) and
// the whole input check (engine/input-limits.ts: text fields' limits and control characters, then the data), ns per
// check of a typical submit with 5-field attached data, medians of rounds, beside a submit of it for scale. Run after a build:
// node packages/strategy-runtime/bench/data-limits-cost.mjs

import { createRouter, createSimulatedClock } from '@routewright/strategy-runtime'
import { overDataLimits } from '../dist/engine/data-budget.js'
import { DEFAULT_LIMITS } from '../dist/engine/engine.js'
import { refuseInteractionInput } from '../dist/engine/input-limits.js'

const data = { customer_tier: 'gold', account: 'A-1029-77', language: 'en', ivr_path: '1-3-2', score: 7 }
const input = {
  id: 'c-7f3a9b2e-1029',
  strategy: 's',
  media: 'voice',
  ani: '+15551234567',
  dnis: '8005550100',
  data,
}
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

function inputRound() {
  let failures = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if (refuseInteractionInput(input, DEFAULT_LIMITS)) failures++
  const ns = Number(process.hrtime.bigint() - start) / N
  if (failures) throw new Error('a typical submit failed the check')
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
  for (let i = 0; i < n; i++) router.submit({ ...input, id: `c${seq++}` })
  return Number(process.hrtime.bigint() - start) / n
}

checkRound()
inputRound()
submitRound()
const checks = []
const inputs = []
const submits = []
for (let r = 0; r < ROUNDS; r++) {
  checks.push(checkRound())
  inputs.push(inputRound())
  submits.push(submitRound())
}
process.stdout.write(
  `${JSON.stringify({ rounds: ROUNDS, checkNs: +median(checks).toFixed(1), inputCheckNs: +median(inputs).toFixed(1), submitNs: +median(submits).toFixed(1), checkMin: +Math.min(...checks).toFixed(1), inputCheckMin: +Math.min(...inputs).toFixed(1), submitMin: +Math.min(...submits).toFixed(1) })}\n`,
)
