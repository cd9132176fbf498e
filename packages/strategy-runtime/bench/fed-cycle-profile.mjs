// Where one build's fed full cycle spends its CPU and its allocations, in one process after the bench's warm-up
// (issue #7's profiles, without a serve process or a .cpuprofile file to read back). From this folder:
//   node bench/fed-cycle-profile.mjs <dist> [cycles=100000] [rows=30] [mode=fed]
// Prints, for `cycles` cycles: self time by function with its hottest lines (line:ticks, 1 tick = 100 µs sampled),
// then bytes allocated a cycle by allocating function (V8's sampling heap profiler at 64 B, collected objects
// included), each run separately so neither profiler weighs on the other's figures. SCALE as in fed-cycle-setup.mjs.
import { Session } from 'node:inspector/promises'
import { setUp } from './fed-cycle-setup.mjs'

const [dist, cyclesArg = '100000', rowsArg = '30', mode = 'fed'] = process.argv.slice(2)
if (!dist) throw new Error('usage: node bench/fed-cycle-profile.mjs <dist> [cycles] [rows] [mode]')
const cycles = Number(cyclesArg)
const rows = Number(rowsArg)

/** A frame's short name: function, the last two parts of its file, its line (1-based). */
const frameName = (frame) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`

const cycle = await setUp(dist, mode)
const session = new Session()
session.connect()

await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
for (let i = 0; i < cycles; i++) cycle()
const { profile } = await session.post('Profiler.stop')
// self ticks and line ticks by function (a function's nodes under different callers summed)
const byFunction = new Map()
const ticksOf = new Map()
for (const sample of profile.samples) ticksOf.set(sample, (ticksOf.get(sample) ?? 0) + 1)
let total = 0
for (const node of profile.nodes) {
  const ticks = ticksOf.get(node.id) ?? 0
  if (ticks === 0 || node.callFrame.functionName === '(idle)') continue
  total += ticks
  const key = frameName(node.callFrame)
  const entry = byFunction.get(key) ?? { ticks: 0, lines: new Map() }
  entry.ticks += ticks
  for (const { line, ticks: t } of node.positionTicks ?? [])
    entry.lines.set(line, (entry.lines.get(line) ?? 0) + t)
  byFunction.set(key, entry)
}
console.log(`--- CPU: ${total} samples over ${cycles} cycles, self time by function (hottest lines)`)
for (const [key, { ticks, lines }] of [...byFunction]
  .sort((x, y) => y[1].ticks - x[1].ticks)
  .slice(0, rows)) {
  const hot = [...lines].sort((x, y) => y[1] - x[1]).slice(0, 4)
  console.log(`${percent(ticks, total)}  ${key}  ${hot.map(([line, t]) => `${line}:${t}`).join(' ')}`)
}

await session.post('HeapProfiler.startSampling', {
  samplingInterval: 64,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
})
for (let i = 0; i < cycles; i++) cycle()
const heap = (await session.post('HeapProfiler.stopSampling')).profile
const bytesBy = new Map()
let bytes = 0
const stack = [heap.head]
while (stack.length > 0) {
  const node = stack.pop()
  if (node.selfSize > 0) {
    bytesBy.set(frameName(node.callFrame), (bytesBy.get(frameName(node.callFrame)) ?? 0) + node.selfSize)
    bytes += node.selfSize
  }
  stack.push(...node.children)
}
console.log(`--- allocation: ${Math.round(bytes / cycles)} B a cycle, by allocating function`)
for (const [key, b] of [...bytesBy].sort((x, y) => y[1] - x[1]).slice(0, rows))
  console.log(`${String(Math.round(b / cycles)).padStart(6)} B  ${key}`)
session.disconnect()
