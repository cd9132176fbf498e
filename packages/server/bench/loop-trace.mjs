// A debugging preload for a serve process: what ran on its event loop, task by task. Load it with
// ROUTEWRIGHT_SERVE_NODE_ARGS="--import=<this file>" (ROUTEWRIGHT_LOOP_TRACE_OUT=<file.json>, default
// /tmp/loop-trace-<pid>.json). It writes, when the process exits: the event loop's delay (monitorEventLoopDelay,
// 1 ms resolution), the GC pauses, every task over 1 ms (start, length, what it was, GC inside it) and per kind of
// task its count, total and longest. A task is a macrotask callback (a timer by its function's name, an immediate, a
// read on an HTTP or another socket ...) with the promise reactions that run after it. async_hooks slow the process
// (promise hooks on): figures measured with it are for finding the slow tasks, not for the benchmark's table.
import { createHook } from 'node:async_hooks'
import { writeFileSync } from 'node:fs'
import { Server } from 'node:net'
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks'

const out = process.env.ROUTEWRIGHT_LOOP_TRACE_OUT ?? `/tmp/loop-trace-${process.pid}.json`
const LONG_MS = 1
/** Idle time after which a promise reaction is not the last task's. */
const GAP_MS = 0.05
const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()

/** Ports this process listens on: a socket with one of them as its local port is a client's (HTTP). */
const listening = new Set()
const listen = Server.prototype.listen
Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const address = this.address()
    if (address && typeof address === 'object') listening.add(address.port)
  })
  return listen.apply(this, args)
}

const labels = new Map()
const gcs = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push([entry.startTime, entry.duration, entry.detail?.kind ?? 0])
}).observe({ entryTypes: ['gc'] })

function labelOf(type, resource) {
  if (type === 'Timeout')
    return `timer ${resource._onTimeout?.name || '(anonymous)'} ${resource._idleTimeout}ms`
  if (type === 'Immediate') return `immediate ${resource._onImmediate?.name || '(anonymous)'}`
  return type
}

/** The label of a socket read: decided at its first callback, once the socket is connected. */
function socketLabel(resource) {
  const local = {}
  const peer = {}
  resource.getsockname?.(local)
  resource.getpeername?.(peer)
  return listening.has(local.port) ? 'read http' : `read socket :${peer.port}`
}

let depth = 0
/** The task running: its label, start, and the end of its last callback so far. */
let task
const tasks = new Map()
const long = []

function close() {
  if (!task) return
  const ms = task.end - task.start
  const kind = tasks.get(task.label) ?? { count: 0, totalMs: 0, maxMs: 0 }
  kind.count++
  kind.totalMs += ms
  kind.maxMs = Math.max(kind.maxMs, ms)
  tasks.set(task.label, kind)
  if (ms > LONG_MS) long.push({ at: task.start, ms, label: task.label, count: kind.count })
  task = undefined
}

createHook({
  init(asyncId, type, _trigger, resource) {
    if (type === 'PROMISE') return
    labels.set(asyncId, type === 'TCPWRAP' ? resource : labelOf(type, resource))
  },
  before(asyncId) {
    if (depth++ > 0) return
    const now = performance.now()
    let label = labels.get(asyncId)
    if (label === undefined) {
      // a promise reaction: part of the task that ran just before it (else one of its own, after idle time)
      if (task && now - task.end < GAP_MS) return
      label = 'promise reactions'
    } else if (typeof label !== 'string') {
      label = socketLabel(label)
      labels.set(asyncId, label)
    }
    close()
    task = { label, start: now, end: now }
  },
  after() {
    if (--depth > 0) return
    if (task) task.end = performance.now()
  },
  destroy(asyncId) {
    labels.delete(asyncId)
  },
}).enable()

process.on('exit', () => {
  close()
  delay.disable()
  const percentiles = Object.fromEntries(
    [50, 90, 99, 99.9, 100].map((p) => [`p${p}`, delay.percentile(p) / 1e6]),
  )
  for (const entry of long)
    entry.gcMs = gcs
      .filter(([at]) => at >= entry.at && at < entry.at + entry.ms)
      .reduce((a, [, d]) => a + d, 0)
  const kinds = [...tasks].sort(([, a], [, b]) => b.totalMs - a.totalMs)
  writeFileSync(
    out,
    JSON.stringify({
      timeOrigin: performance.timeOrigin,
      exitAt: performance.now(),
      loopDelayMs: percentiles,
      gc: gcs,
      long,
      kinds: Object.fromEntries(kinds),
    }),
  )
})
