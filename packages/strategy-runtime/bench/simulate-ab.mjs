// simulate() of the bench's day from two builds in one process, alternating: an A/B a loaded machine skews less than
// separate runs minutes apart. After `npm run build`, from this folder (copy main's dist aside first):
//   node bench/simulate-ab.mjs <dist A> <dist B> [ahtSeconds=94] [pairs=5]
// AHT 85 is simulate.bench.ts's day, 94 its busy day. Each pair runs A then B, or B then A in every other pair; the
// two results must be the same JSON (it throws otherwise). Prints both CPU times per pair and the median of B / A.
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [distA, distB, ahtArg = '94', pairsArg = '5'] = process.argv.slice(2)
if (!distA || !distB)
  throw new Error('usage: node bench/simulate-ab.mjs <dist A> <dist B> [ahtSeconds] [pairs]')
const load = (dist) => import(pathToFileURL(path.resolve(dist, 'index.js')).href)
const a = await load(distA)
const b = await load(distB)
const agents = {}
for (let i = 0; i < 1000; i++) agents[`a${i}`] = { groups: ['pool'] }
const options = {
  strategy: 'pool',
  strategies: [
    {
      strategy: 'pool',
      format: 1,
      start: 't',
      nodes: { t: { type: 'target', targets: [{ group: 'pool' }], pick: 'longest-idle' } },
    },
  ],
  directory: { directory: 'day', format: 1, groups: { pool: {} }, agents },
  arrivalsPerHour: 37_500,
  ahtSeconds: Number(ahtArg),
  patienceSeconds: 120,
  serviceLevelSeconds: 20,
  durationHours: 8,
  warmupHours: 0.5,
  seed: 1,
}

function cpuMs() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

function run(runtime) {
  const start = cpuMs()
  const result = JSON.stringify(runtime.simulate(options))
  return { ms: cpuMs() - start, result }
}

// one warm-up run each (JIT), not counted
run(a)
run(b)
const pairs = []
for (let i = 0; i < Number(pairsArg); i++) {
  const [ra, rb] = i % 2 === 0 ? [run(a), run(b)] : [run(b), run(a)].reverse()
  if (ra.result !== rb.result) throw new Error('the two builds simulated different results')
  pairs.push({ a: Math.round(ra.ms), b: Math.round(rb.ms), ratio: Number((rb.ms / ra.ms).toFixed(3)) })
}
const ratios = pairs.map((p) => p.ratio).sort((x, y) => x - y)
console.log(JSON.stringify({ ahtSeconds: Number(ahtArg), pairs, medianBOverA: ratios[ratios.length >> 1] }))
