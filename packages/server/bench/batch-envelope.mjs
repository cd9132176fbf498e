// What zod's check of the POST /v1/commands envelope (schemas.ts batchBody, from the build in dist/) costs per command,
// against the plainest check of the same shape (what a body-check.ts fast path would be), alternating A B five times
// per batch size in one process. Usage: npm run build, then node bench/batch-envelope.mjs. Prints ns per batch.
import { batchBody } from '../dist/api/schemas.js'

/** The shape's check without zod: a copy of each command, as looseObject gives, or undefined (ask zod). */
function plain(value) {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined
  for (const key in value) if (key !== 'commands') return undefined
  const commands = value.commands
  if (!Array.isArray(commands) || commands.length < 1 || commands.length > 1000) return undefined
  const out = new Array(commands.length)
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]
    if (typeof c !== 'object' || c === null || Object.getPrototypeOf(c) !== Object.prototype) return undefined
    if (typeof c.op !== 'string' || (c.id !== undefined && typeof c.id !== 'string')) return undefined
    out[i] = { ...c }
  }
  return { commands: out }
}

// what serve-load's batches carry: submits, confirms naming their reservation, completes
const command = (i) =>
  [
    { op: 'submit', id: `c${i}`, strategy: 'support', data: { tier: 'gold' } },
    { op: 'confirm', id: `c${i}`, reservation: `c${i}#e1-1.${i}` },
    { op: 'complete', id: `c${i}` },
  ][i % 3]

for (const size of [1, 8, 100]) {
  const bodies = Array.from({ length: 64 }, (_, j) =>
    JSON.parse(JSON.stringify({ commands: Array.from({ length: size }, (_, i) => command(i + j)) })),
  )
  const rounds = Math.max(2000, Math.floor(400_000 / size))
  const time = (check) => {
    const start = process.hrtime.bigint()
    for (let r = 0; r < rounds; r++) check(bodies[r & 63])
    return Number(process.hrtime.bigint() - start) / rounds
  }
  const pairs = []
  for (let k = 0; k < 5; k++) pairs.push([time((b) => batchBody.safeParse(b)), time(plain)])
  const median = (xs) => [...xs].sort((a, b) => a - b)[2]
  const zod = median(pairs.map((p) => p[0]))
  console.log(
    `${size} commands: zod ${pairs.map((p) => p[0].toFixed(0)).join(' ')} ns, plain ${pairs.map((p) => p[1].toFixed(0)).join(' ')} ns, plain/zod ${pairs.map((p) => (p[1] / p[0]).toFixed(2)).join(' ')}; zod per command ${(zod / size).toFixed(0)} ns`,
  )
}
