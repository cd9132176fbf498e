// A debugging preload for a serve process: where it allocates, by function. Load it with
// ROUTEWRIGHT_SERVE_NODE_ARGS="--import=<this file>"; it samples (V8's sampling heap profiler, objects collected by
// scavenges and full GCs included) from the first interaction submitted (POST /v1/interactions or /v1/commands:
// past the agents' set-up) and writes, when the process gets SIGTERM, ROUTEWRIGHT_HEAP_SAMPLE_OUT (default /tmp/heap-sample-<pid>.heapprofile).
// `node bench/heap-sample.mjs <file> [interactions]` prints bytes per interaction by part of serve (partOf), by
// allocating function and by the innermost frame of ours (server, strategy-runtime, history) on its stack.
// ROUTEWRIGHT_HEAP_SAMPLE_SURVIVORS=1 samples only what survived a scavenge (what a scavenge's pause copies).
import { readFileSync, writeFileSync } from 'node:fs'
import { Server } from 'node:http'
import { Session } from 'node:inspector'
import { argv } from 'node:process'
import { fileURLToPath } from 'node:url'
import { partOf } from './serve-parts.mjs'

function preload() {
  const out = process.env.ROUTEWRIGHT_HEAP_SAMPLE_OUT ?? `/tmp/heap-sample-${process.pid}.heapprofile`
  const session = new Session()
  session.connect()
  let started = false
  // what a scavenge collected is what it did not have to copy: left out, the profile is the pauses' work
  const survivorsOnly = process.env.ROUTEWRIGHT_HEAP_SAMPLE_SURVIVORS === '1'
  const emit = Server.prototype.emit
  Server.prototype.emit = function (name, req, ...rest) {
    if (
      !started &&
      name === 'request' &&
      req.method === 'POST' &&
      /^\/v1\/(interactions|commands)/.test(req.url)
    ) {
      started = true
      session.post('HeapProfiler.startSampling', {
        samplingInterval: 512,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: !survivorsOnly,
      })
    }
    return emit.call(this, name, req, ...rest)
  }
  // an in-process session answers synchronously, so the profile is written before serve's own handler exits
  process.prependListener('SIGTERM', () => {
    if (!started) return
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(out, JSON.stringify(result.profile))
    })
  })
}

function report(file, interactions) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const self = new Map()
  const ours = new Map()
  const parts = new Map()
  let total = 0
  const walk = (node, stack) => {
    const frame = node.callFrame
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`
    const here = [...stack, { name, url: frame.url }]
    if (node.selfSize > 0) {
      total += node.selfSize
      self.set(name, (self.get(name) ?? 0) + node.selfSize)
      const mine = [...here]
        .reverse()
        .find((f) => /packages\/(server|strategy-runtime|history)\//.test(f.url))
      const key = mine ? mine.name : '(none of ours)'
      ours.set(key, (ours.get(key) ?? 0) + node.selfSize)
      const part = partOf(here)
      parts.set(part, (parts.get(part) ?? 0) + node.selfSize)
    }
    for (const child of node.children) walk(child, here)
  }
  walk(profile.head, [])
  const per = (bytes) => `${(bytes / 1024 / interactions).toFixed(2)} KB`
  console.log(`total ${per(total)} per interaction (${interactions})`)
  for (const [title, map] of [
    ['by part of serve', parts],
    ['self, by function', self],
    ['by the innermost frame of ours', ours],
  ]) {
    console.log(`\n${title}`)
    for (const [name, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`${per(bytes).padStart(10)}  ${name}`)
  }
}

// run as a script it reports on a profile; loaded with --import it samples this process
if (argv[1] === fileURLToPath(import.meta.url)) report(argv[2], Number(argv[3] ?? 1))
else preload()
