// Bytes and CPU of one statistics windows slice pass (what redis-windows.ts runs about once a second: every subject's
// change since the last write, its parts' JSON), 3,300 agents after a minute at 1,000 interactions/s; medians of 30
// passes. Bytes are the heap's growth over a pass after a full GC, so run with a young generation no pass fills:
// node --expose-gc --max-semi-space-size=128 windows-slices-alloc.mjs [another build's strategy-runtime dist/index.js]
import { windowsTraffic } from './windows-traffic.mjs'

const runtime = process.argv[2]
  ? await import(process.argv[2])
  : await import('@routewright/strategy-runtime')
if (typeof globalThis.gc !== 'function') throw new Error('windows-slices-alloc: run node with --expose-gc')
const { stats, second } = windowsTraffic(runtime)
const state = runtime.createWindowSliceState()
function pass() {
  for (const change of stats.windowSliceChanges(state)) {
    for (const [, part] of change.set) JSON.stringify(part)
    runtime.applySliceChange(state, change)
  }
}
for (let s = 0; s < 60; s++) {
  second()
  pass()
}
const bytes = []
const cpu = []
for (let s = 0; s < 30; s++) {
  second()
  globalThis.gc()
  const heap = process.memoryUsage().heapUsed
  const start = process.cpuUsage()
  pass()
  const used = process.cpuUsage(start)
  bytes.push(process.memoryUsage().heapUsed - heap)
  cpu.push((used.user + used.system) / 1000)
}
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1]
process.stdout.write(
  `${JSON.stringify({ kbPerPass: Math.round(median(bytes) / 1024), cpuMsPerPass: median(cpu) })}\n`,
)
