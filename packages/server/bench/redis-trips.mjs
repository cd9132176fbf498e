// How many Redis commands, round trips and socket writes one interaction's API calls make in `serve --redis`:
// starts a throw-away redis-server and 1 or 2 built serve processes (the second forwards to the first), watches
// Redis with MONITOR and counts each serve process's socket writes (a preload), then submits, confirms and completes
// interactions one call at a time with quiet gaps, and prints what each call made, per call on average.
// Usage: node bench/redis-trips.mjs [processes=1] [interactions=20]   (npm run build first; ROUTEWRIGHT_SERVE_CLI=
// <other checkout>/packages/cli/bin/routewright.mjs counts another build)
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

const processes = Number(process.argv[2] ?? 1)
const rounds = Number(process.argv[3] ?? 20)
const root = path.resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(path.join(tmpdir(), 'rw-trips-'))
const GAP_MS = 150
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

writeFileSync(
  path.join(dir, 'trips.directory.yaml'),
  'directory: trips\nformat: 1\ngroups:\n  support: {}\nagents:\n  a0: { groups: [support], capacity: { voice: 1 } }\n',
)
writeFileSync(
  path.join(dir, 'support.strategy.yaml'),
  'strategy: support\nformat: 1\nstart: pick\nnodes:\n  pick:\n    type: target\n    targets: [{ group: support }]\n    wait: 1h\n    next: { timeout: bye }\n  bye: { type: end, outcome: default-route }\n',
)
const children = []
const port = await freePort()
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
)
children.push(redis)
await sleep(300)

// beside the workspace, not in it (serve keeps its history in the workspace folder)
const countDir = mkdtempSync(path.join(tmpdir(), 'rw-trips-count-'))
const countFile = path.join(countDir, 'count')
const counts = () => {
  const out = {}
  for (const f of readdirSync(countDir).filter((n) => n.startsWith('count.') && !n.endsWith('.tmp'))) {
    const pid = f.split('.')[1]
    const c = JSON.parse(readFileSync(path.join(countDir, f), 'utf8'))
    out[pid] ??= {}
    const sum = out[pid]
    for (const k of Object.keys(c)) sum[k] = (sum[k] ?? 0) + c[k]
  }
  return out
}
async function serve() {
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(import.meta.dirname, 'count-socket-writes.cjs'),
      process.env.ROUTEWRIGHT_SERVE_CLI ?? path.join(root, 'packages/cli/bin/routewright.mjs'),
      'serve',
      '--workspace',
      dir,
      '--port',
      '0',
      '--no-watch',
      '--redis',
      `redis://127.0.0.1:${port}`,
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RT_REDIS_PORT: String(port), RT_COUNT_FILE: countFile },
    },
  )
  children.push(child)
  let err = ''
  return await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (c) => {
      err += c
      const m = /listening on (http:\/\/[\d.:]+)/.exec(err)
      if (m) resolve({ url: m[1], pid: String(child.pid) })
    })
    child.on('close', () => reject(new Error(err)))
  })
}
const servers = []
for (let i = 0; i < processes; i++) servers.push(await serve())

// MONITOR: one line per command Redis runs ("[0 lua]" for those a script runs)
const lines = []
const mon = connect(port, '127.0.0.1')
let buf = ''
mon.setEncoding('utf8').on('data', (d) => {
  buf += d
  const parts = buf.split('\r\n')
  buf = parts.pop()
  for (const p of parts) if (p.startsWith('+') && p !== '+OK') lines.push(p)
})
mon.write('MONITOR\r\n')
await sleep(200)

const call = async (url, method, route, body) => {
  const res = await fetch(url + route, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text}`)
}
const last = servers.at(-1).url
await call(last, 'PUT', '/v1/agents/a0/state', { state: 'ready' })
await sleep(1500)

const phases = new Map()
/** The lease's and statistics windows' commands (on a timer, whatever the calls): counted apart. */
const BACKGROUND = /"routewright:leader"|"routewright:windows|"GET" "routewright:epoch"/
function take(name, from, before, seconds) {
  const got = lines.slice(from)
  if (process.env.RT_DUMP?.split(',').includes(name))
    for (const l of got)
      if (!l.includes(' lua]'))
        process.stdout.write(`${name}: ${l.slice(0, Number(process.env.RT_DUMP_CHARS ?? 400))}\n`)
  const after = counts()
  const p = phases.get(name) ?? { n: 0, cmds: {}, trips: 0, lua: 0, background: 0, writes: {}, seconds: 0 }
  p.n++
  p.seconds += seconds
  for (const l of got) {
    const m = /^\+[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(l)
    if (!m) continue
    if (m[1] === 'lua') p.lua++
    else if (BACKGROUND.test(l)) p.background++
    else {
      p.trips++
      const c = m[2].toUpperCase()
      p.cmds[c] = (p.cmds[c] ?? 0) + 1
    }
  }
  for (const [pid, c] of Object.entries(after)) {
    const b = before[pid] ?? {}
    p.writes[pid] ??= {}
    const w = p.writes[pid]
    for (const k of Object.keys(c)) w[k] = (w[k] ?? 0) + c[k] - (b[k] ?? 0)
  }
  phases.set(name, p)
}
async function phase(name, run) {
  await sleep(50)
  const from = lines.length
  const before = counts()
  const t = performance.now()
  await run()
  await sleep(GAP_MS)
  take(name, from, before, (performance.now() - t) / 1000)
}
await phase('idle (per 1 s)', () => sleep(1000 - GAP_MS))
for (let i = 0; i < rounds; i++) {
  await phase('submit', () =>
    call(last, 'POST', '/v1/interactions', { id: `t${i}`, strategy: 'support', media: 'voice' }),
  )
  await phase('confirm', () => call(last, 'POST', `/v1/interactions/t${i}/confirm`))
  await phase('complete', () => call(last, 'POST', `/v1/interactions/t${i}/complete`))
}
await phase('idle (per 1 s)', () => sleep(1000 - GAP_MS))

const pids = servers.map((s) => s.pid)
process.stdout.write(
  `serve x${processes}, calls sent to ${processes > 1 ? 'the forwarding process' : 'the routing process'}; ${rounds} interactions; per call (blocking reads that timed out included); net flushes = minus the idle rate over the call's window; MONITOR counts commands by client (round trips ~ non-lua commands, a pipeline counts each)\n`,
)
const idle = phases.get('idle (per 1 s)')
/** What the idle background makes per second: commands, and each process's writes that reach its Redis socket. */
const idleRate = (value) => value / idle.seconds
for (const [name, p] of phases) {
  const per = (v) => (v / p.n).toFixed(2)
  const net = (v, idleValue) => ((v - idleRate(idleValue) * p.seconds) / p.n).toFixed(2)
  const cmds = Object.entries(p.cmds)
    .map(([c, v]) => `${c}:${per(v)}`)
    .join(' ')
  const w = pids
    .map((pid, i) => {
      const c = p.writes[pid] ?? {}
      const quiet = idle.writes[pid] ?? {}
      return `p${i + 1} redis write/flush ${per(c.redisWrite ?? 0)}/${per(c.redisFlush ?? 0)} (net flushes ${net(c.redisFlush ?? 0, quiet.redisFlush ?? 0)}) bytes ${per(c.redisBytes ?? 0)} (net ${net(c.redisBytes ?? 0, quiet.redisBytes ?? 0)}) http ${per(c.otherWrite ?? 0)}/${per(c.otherFlush ?? 0)}`
    })
    .join('; ')
  process.stdout.write(
    `${name.padEnd(15)} commands ${per(p.trips)} (in scripts ${per(p.lua)}; lease/windows apart ${per(p.background)}) [${cmds}] | ${w} | ${(p.seconds / p.n).toFixed(3)} s\n`,
  )
}
mon.destroy()
// Redis's own CPU for the scripts (the commits, the lease's and the windows' together): calls and µs per call
const info = connect(port, '127.0.0.1')
let stats = ''
info.setEncoding('utf8').on('data', (d) => {
  stats += d
})
info.write('INFO commandstats\r\n')
await sleep(200)
info.destroy()
for (const line of stats.split('\r\n').filter((l) => /^cmdstat_(evalsha|eval):/.test(l)))
  process.stdout.write(`redis ${line}\n`)
for (const c of children.reverse()) c.kill('SIGKILL')
await sleep(200)
rmSync(dir, { recursive: true, force: true })
rmSync(countDir, { recursive: true, force: true })
process.exit(0)
