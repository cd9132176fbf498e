// Reads a .cpuprofile written by a serve process (ROUTEWRIGHT_SERVE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR") and
// prints where its busy time went: by group (a workspace package, Node's internals, a dependency, native), by file and
// by function, self time only, after skipping the start-up seconds (module loading is not per-interaction work).
// Usage: node cpu-profile.mjs <file.cpuprofile> [seconds to skip, default 1.5] [rows, default 25]
// The profile samples wall time: a socket write that wakes its reader (the load generator, redis-server) on a busy
// 2-core machine is charged for the reader's run too, so compare its share with the process's stime.
import { readFileSync } from 'node:fs'

const [file, skipText = '1.5', rowsText = '25'] = process.argv.slice(2)
if (!file) {
  process.stderr.write('cpu-profile: pass a .cpuprofile file\n')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8'))
const skipUs = Number(skipText) * 1e6
const rows = Number(rowsText)
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))

/** The group a frame's time counts to: a workspace package, Node's internals, a dependency or a native name. */
function groupOf(frame) {
  const url = frame.url
  if (!url) return `native ${frame.functionName}`
  if (url.startsWith('node:')) return 'node internals'
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dependency) return dependency[1]
  const workspace = /\/(?:packages|apps)\/([^/]+)\//.exec(url)
  return workspace ? workspace[1] : url
}

const byGroup = new Map()
const byFile = new Map()
const byFunction = new Map()
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us)
let at = profile.startTime
let busy = 0
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i] ?? 0
  at += us
  const frame = nodes.get(profile.samples[i]).callFrame
  if (at - profile.startTime < skipUs || frame.functionName === '(idle)') continue
  busy += us
  const shortUrl = frame.url.replace(/^.*\/(packages|apps|node_modules)\//, '') || '(native)'
  add(byGroup, groupOf(frame), us)
  add(byFile, shortUrl, us)
  add(byFunction, `${frame.functionName || '(anonymous)'} ${shortUrl}:${frame.lineNumber + 1}`, us)
}

function print(title, map) {
  process.stdout.write(`--- ${title}\n`)
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows))
    process.stdout.write(
      `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}\n`,
    )
}
process.stdout.write(`busy ${(busy / 1000).toFixed(0)} ms after the first ${skipText} s\n`)
print('by group', byGroup)
print('by file', byFile)
print('by function', byFunction)
