// The router bench's full cycle from two builds (or two modes) in one process, alternating CPU slices: an A/B that a
// loaded machine cannot skew the way separate runs minutes apart can. After `npm run build`, from this folder:
//   node bench/fed-cycle-ab.mjs <dist A> <dist B> [slices=30] [sliceMs=150] [modeA=fed] [modeB=modeA]
// mode `fed` feeds the memory provider, `alone` gives the router a read-only provider; SCALE=50 divides agents,
// groups and waiting by 50 (everything in cache: what is left of a difference is instructions and GC, not misses).
// Prints the median slice rate of each and the median of the per-slice ratios B / A (A/A: pass one dist twice).
import { scale, setUp } from './fed-cycle-setup.mjs'

const [distA, distB, slicesArg = '30', sliceArg = '150', modeA = 'fed', modeB = modeA] = process.argv.slice(2)
if (!distA || !distB)
  throw new Error('usage: node bench/fed-cycle-ab.mjs <dist A> <dist B> [slices] [sliceMs] [modeA] [modeB]')

function cpuMs() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

function slice(cycle, ms) {
  let n = 0
  const start = cpuMs()
  while (cpuMs() - start < ms) {
    for (let k = 0; k < 100; k++) cycle()
    n += 100
  }
  return (n * 1000) / (cpuMs() - start)
}

const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1]
const a = await setUp(distA, modeA)
const b = await setUp(distB, modeB)
const rates = { a: [], b: [], ratio: [] }
for (let i = 0; i < Number(slicesArg); i++) {
  // each goes first in every other slice: neither always runs right after the other's garbage
  const [ra, rb] =
    i % 2 === 0
      ? [slice(a, +sliceArg), slice(b, +sliceArg)]
      : [slice(b, +sliceArg), slice(a, +sliceArg)].reverse()
  rates.a.push(ra)
  rates.b.push(rb)
  rates.ratio.push(rb / ra)
}
console.log(
  JSON.stringify({
    a: `${distA} ${modeA}`,
    b: `${distB} ${modeB}`,
    scale,
    medianA: Math.round(median(rates.a)),
    medianB: Math.round(median(rates.b)),
    ratioBOverA: Number(median(rates.ratio).toFixed(3)),
  }),
)
