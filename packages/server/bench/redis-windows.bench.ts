// The routing process's statistics windows export (redis-windows.ts writes it to Redis about once a second): CPU per
// write over 3,300 agents after two minutes at 1,000 interactions/s, with the parts of unchanged subjects reused
// (createWindowReuse, their JSON kept) beside a full export of the same provider, and the hash write of today (only
// the fields of subjects changed since the last write) beside the whole document of format 1, interleaved.
import {
  createWindowReuse,
  type MemoryStatProvider,
  type SubjectWindows,
  type WindowReuse,
} from '@routewright/strategy-runtime'
import { type BenchFigure, cpuMs, median } from '../../../bench/result.ts'
import { STORE_CHUNK_CHARS, storeArgs, storeCommands } from '../src/core/redis-windows-store.ts'
import { AGENTS, RATE, windowsTraffic } from './windows-traffic.mjs'

/** The windows' JSON as redis-windows.ts builds it; with `reuse`, texts of reused parts come from `texts`. */
function write(
  stats: MemoryStatProvider,
  reuse?: WindowReuse,
  texts?: WeakMap<SubjectWindows, string>,
): number {
  const subjects: string[] = []
  for (const [subject, windows] of stats.windowEntries(reuse ? { reuse } : {})) {
    let text = texts?.get(windows)
    if (text === undefined) {
      text = `${JSON.stringify(subject)}:${JSON.stringify(windows)}`
      texts?.set(windows, text)
    }
    subjects.push(text)
  }
  return subjects.join(',').length
}

/**
 * The hash write as redis-windows.ts builds it: the fields (subject, JSON) of subjects whose part is not the one of
 * the last write, with the header; `written` is updated. Returns the bytes of the script's arguments.
 */
function writeChanged(
  stats: MemoryStatProvider,
  reuse: WindowReuse,
  written: Map<string, SubjectWindows>,
): number {
  const fields: string[] = []
  const next = new Map<string, SubjectWindows>()
  for (const [subject, windows] of stats.windowEntries({ reuse })) {
    next.set(subject, windows)
    if (written.get(subject) !== windows) fields.push(subject, JSON.stringify(windows))
  }
  const removed = [...written.keys()].filter((subject) => !next.has(subject))
  fields.push('#header', JSON.stringify({ format: 2, at: 0, current: 'v1', snapshot: 1 }))
  written.clear()
  for (const [subject, windows] of next) written.set(subject, windows)
  let bytes = 0
  for (const text of [...removed, ...fields]) bytes += text.length
  return bytes
}

export async function runRedisWindowsBench(): Promise<BenchFigure[]> {
  const { stats, second } = windowsTraffic()
  for (let s = 0; s < 120; s++) second()
  const reuse = createWindowReuse()
  const texts = new WeakMap<SubjectWindows, string>()
  write(stats, reuse, texts)
  const hashReuse = createWindowReuse()
  const written = new Map<string, SubjectWindows>()
  writeChanged(stats, hashReuse, written)
  // a full write (a new routing process, Redis back without its data): every field, as commands of one write
  const fields: string[] = []
  for (const [subject, windows] of stats.windowEntries()) fields.push(subject, JSON.stringify(windows))
  const charsOf = (args: string[]) => args.reduce((sum, text) => sum + text.length, 0)
  const whole = charsOf(storeArgs(7, true, [], fields))
  const commands = storeCommands(7, true, [], fields)
  const largest = Math.max(...commands.map(charsOf))
  const full: number[] = []
  const reused: number[] = []
  const changed: number[] = []
  let bytes = 0
  let changedBytes = 0
  for (let round = 0; round < 10; round++) {
    second()
    // interleaved, the order turning each round: an export finds the heap the one before it left
    const kinds = ['reused', 'full', 'changed'] as const
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + round) % kinds.length]!
      const before = cpuMs()
      if (kind === 'changed') changedBytes = writeChanged(stats, hashReuse, written)
      else bytes = kind === 'full' ? write(stats) : write(stats, reuse, texts)
      ;(kind === 'full' ? full : kind === 'reused' ? reused : changed).push(cpuMs() - before)
    }
  }
  return [
    {
      // 50 ms a write at one write a second is the writer's own budget: 5 % of the routing thread (redis-windows.ts)
      name: `redis windows: export + JSON per write, ${AGENTS} agents after 2 min at ${RATE}/s, unchanged subjects reused (${Math.round(bytes / 1024)} KB)`,
      value: median(reused),
      unit: 'ms CPU',
      target: 50,
      ratio: median(reused) / median(full),
    },
    {
      // what redis-windows.ts sends now (format 2): ratio to the whole document of format 1 above, built the same way
      name: `redis windows: hash write of changed subjects only, ${AGENTS} agents after 2 min at ${RATE}/s (${Math.round(changedBytes / 1024)} KB a write, whole document ${Math.round(bytes / 1024)} KB)`,
      value: median(changed),
      unit: 'ms CPU',
      target: 50,
      ratio: median(changed) / median(reused),
    },
    {
      // each command is encoded in one turn of the routing thread and run by Redis while every commit waits
      name: `redis windows: largest store command of a full write, ${AGENTS} agents (${commands.length} commands; the whole write ${Math.round(whole / 1024)} KB)`,
      value: largest / 1024,
      unit: 'KB',
      target: (STORE_CHUNK_CHARS + 4096) / 1024,
      ratio: largest / whole,
    },
  ]
}
