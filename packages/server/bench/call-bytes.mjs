// Bytes one API call allocates in a `serve --redis` process, call by call (issue #8: what a confirm and a complete
// cost the young generation beside the submit they follow). Starts a throw-away redis-server and one built serve
// process (this file as its --import preload), makes one agent ready, then runs interactions one call at a time:
// submit, confirm, complete, and an idle window of the same length (the lease's and the statistics windows' timers,
// to subtract). Each call is sampled alone (V8's sampling heap profiler, collected objects included), from before
// its request is written until a quiet gap after its answer, so its commit, events, SSE and history feed are in.
// Deterministic where a load run is not: one call at a time makes one commit per command on any machine.
// Usage: node bench/call-bytes.mjs [interactions=200] [warm-up=200]   (npm run build first; ROUTEWRIGHT_SERVE_CLI=
// <other checkout>/packages/cli/bin/routewright.mjs measures another build)
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { argv } from 'node:process'
import { fileURLToPath } from 'node:url'
import { partOf } from './serve-parts.mjs'

/** In serve: SIGUSR2 starts sampling, the next one stops it and adds the profile to its phase; SIGTERM writes all. */
function preload() {
  const dir = process.env.CALL_BYTES_DIR
  const session = new Session()
  session.connect()
  const phases = {}
  let sampling = false
  let acks = 0
  const ack = () => writeFileSync(path.join(dir, 'ack'), String(++acks))
  process.on('SIGUSR2', () => {
    if (!sampling) {
      sampling = true
      session.post(
        'HeapProfiler.startSampling',
        {
          samplingInterval: 128,
          includeObjectsCollectedByMinorGC: true,
          includeObjectsCollectedByMajorGC: true,
        },
        ack,
      )
      return
    }
    sampling = false
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) add(readFileSync(path.join(dir, 'phase'), 'utf8'), result.profile)
      ack()
    })
  })
  function add(name, profile) {
    phases[name] ??= { calls: 0, bytes: 0, parts: {}, ours: {} }
    const phase = phases[name]
    phase.calls++
    const walk = (node, stack) => {
      const frame = node.callFrame
      const here = [
        ...stack,
        {
          name: `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`,
          url: frame.url,
        },
      ]
      // the profiler's own frames are not the call's
      if (node.selfSize > 0 && !/inspector/.test(frame.url) && frame.functionName !== '(V8 API)') {
        phase.bytes += node.selfSize
        const part = partOf(here)
        phase.parts[part] = (phase.parts[part] ?? 0) + node.selfSize
        const mine = [...here]
          .reverse()
          .find((f) => /packages\/(server|strategy-runtime|history)\//.test(f.url))
        const key = mine ? mine.name : '(none of ours)'
        phase.ours[key] = (phase.ours[key] ?? 0) + node.selfSize
      }
      for (const child of node.children) walk(child, here)
    }
    walk(profile.head, [])
  }
  process.prependListener('SIGTERM', () =>
    writeFileSync(path.join(dir, 'result.json'), JSON.stringify(phases)),
  )
}

async function main() {
  const rounds = Number(argv[2] ?? 200)
  const warm = Number(argv[3] ?? 200)
  const GAP_MS = 60
  const root = path.resolve(import.meta.dirname, '../../..')
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-call-bytes-'))
  const work = path.join(dir, 'workspace')
  const control = path.join(dir, 'control')
  for (const d of [work, control]) mkdirSync(d)
  writeFileSync(
    path.join(work, 'bytes.directory.yaml'),
    'directory: bytes\nformat: 1\ngroups:\n  support: {}\nagents:\n  a0: { groups: [support], capacity: { voice: 1 } }\n',
  )
  writeFileSync(
    path.join(work, 'support.strategy.yaml'),
    'strategy: support\nformat: 1\nstart: pick\nnodes:\n  pick:\n    type: target\n    targets: [{ group: support }]\n    wait: 1h\n    next: { timeout: bye }\n  bye: { type: end, outcome: default-route }\n',
  )
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
  const children = []
  children.push(
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    ),
  )
  await sleep(300)
  const child = spawn(
    process.execPath,
    [
      `--import=${fileURLToPath(import.meta.url)}`,
      process.env.ROUTEWRIGHT_SERVE_CLI ?? path.join(root, 'packages/cli/bin/routewright.mjs'),
      'serve',
      '--workspace',
      work,
      '--port',
      '0',
      '--no-watch',
      '--redis',
      `redis://127.0.0.1:${port}`,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CALL_BYTES_DIR: control } },
  )
  children.push(child)
  try {
    let err = ''
    const url = await new Promise((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (c) => {
        err += c
        const m = /listening on (http:\/\/[\d.:]+)/.exec(err)
        if (m) resolve(m[1])
      })
      child.on('close', () => reject(new Error(err)))
    })
    // a host's event stream, as the load benchmarks keep one open: each event's SSE write is the call's too
    const events = await fetch(`${url}/v1/events`)
    const reader = events.body.getReader()
    void (async () => {
      while (!(await reader.read()).done);
    })().catch(() => {})
    const call = async (method, route, body) => {
      const res = await fetch(url + route, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      })
      const text = await res.text()
      if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text}`)
    }
    await call('PUT', '/v1/agents/a0/state', { state: 'ready' })
    let acks = 0
    const signal = async () => {
      child.kill('SIGUSR2')
      acks++
      for (let i = 0; i < 2000; i++) {
        let seen = 0
        try {
          seen = Number(readFileSync(path.join(control, 'ack'), 'utf8'))
        } catch {}
        if (seen >= acks) return
        await sleep(1)
      }
      throw new Error('serve did not answer the sampling signal')
    }
    const sampled = async (name, run) => {
      writeFileSync(path.join(control, 'phase'), name)
      await signal()
      await run()
      await sleep(GAP_MS)
      await signal()
    }
    const interaction = async (id, sample) => {
      const steps = [
        ['submit', () => call('POST', '/v1/interactions', { id, strategy: 'support', media: 'voice' })],
        ['confirm', () => call('POST', `/v1/interactions/${id}/confirm`)],
        ['complete', () => call('POST', `/v1/interactions/${id}/complete`)],
        ['idle', () => Promise.resolve()],
      ]
      for (const [name, run] of steps) {
        if (sample) await sampled(name, run)
        else await run()
      }
    }
    for (let i = 0; i < warm; i++) await interaction(`w${i}`, false)
    for (let i = 0; i < rounds; i++) await interaction(`i${i}`, true)
    child.kill('SIGTERM')
    await new Promise((resolve) => child.on('close', resolve))
    const phases = JSON.parse(readFileSync(path.join(control, 'result.json'), 'utf8'))
    const kb = (bytes, calls) => `${(bytes / 1024 / calls).toFixed(2)} KB`
    const idle = phases.idle
    process.stdout.write(
      `bytes allocated in serve per call (${rounds} interactions after ${warm} warm-up ones; V8 sampling heap profiler, every 128 bytes; idle: the same window without a call)\n`,
    )
    for (const [name, phase] of Object.entries(phases)) {
      const net =
        name === 'idle' ? '' : ` (${kb(phase.bytes / phase.calls - idle.bytes / idle.calls, 1)} over idle)`
      process.stdout.write(`\n${name}: ${kb(phase.bytes, phase.calls)}${net}\n`)
      for (const [part, bytes] of Object.entries(phase.parts).sort((a, b) => b[1] - a[1]))
        process.stdout.write(`  ${kb(bytes, phase.calls).padStart(10)}  ${part}\n`)
      if (name === 'idle') continue
      process.stdout.write('  by the innermost frame of ours:\n')
      for (const [frame, bytes] of Object.entries(phase.ours)
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(process.env.CALL_BYTES_ROWS ?? 12)))
        process.stdout.write(`  ${kb(bytes, phase.calls).padStart(10)}  ${frame}\n`)
    }
  } finally {
    for (const c of children) c.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

// run as a script it drives a serve process; loaded with --import it is that process's sampler
if (argv[1] === fileURLToPath(import.meta.url)) await main()
else preload()
