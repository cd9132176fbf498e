// The dead-letter file (`<spool>.refused`) as serve's writer appends to it and a replay rewrites it: both hold its
// lock file (`<file>.lock`) meanwhile, so an append never lands in a file a replay has just replaced; the writer
// counts its lines by the file's inode and size, so a replay (or a person) changing it is noticed without a restart.
import { randomUUID } from 'node:crypto'
import { readFileSync, readlinkSync, statSync } from 'node:fs'
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'

/** Steps a test injects to order an append and a replay deterministically, and where a stale lock is told. */
export interface DeadLetterFileHooks {
  /** Told each time the lock is found held by someone else, before waiting for it. */
  onBusy?: () => void
  /** Run by an append between opening the file and writing to it (the lock held). */
  afterOpen?: () => Promise<void>
  /** A stale lock taken over, in one line (who held it, why it is stale); default console.warn. */
  onStaleLock?: (line: string) => void
  /** How often a holder refreshes its lock's mtime; default 5 s (tests shorten it). */
  heartbeatMs?: number
}

/** The lock file both serve's writer and a replay take around their change to the dead-letter file. */
export const LOCK_SUFFIX = '.lock'
// a holder refreshes its lock's mtime every HEARTBEAT_MS while it works; one not refreshed this long died
export const STALE_LOCK_MS = 30_000
const HEARTBEAT_MS = 5_000
const LOCK_POLL_MS = 5

/** Who holds a lock: written into it as JSON. `ns` tells containers on one host apart (their pids are not ours). */
export interface LockOwner {
  host: string
  pid: number
  /** This process's pid namespace (`pid:[4026531836]`), or '' where it cannot be read. */
  ns: string
  /** Random: one take of the lock, so a holder never removes a lock that another took over meanwhile. */
  token: string
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return ''
  }
}

let self: Omit<LockOwner, 'token'> | undefined
/** This process as a lock names it (read once). */
function local(): Omit<LockOwner, 'token'> {
  self ??= { host: hostname(), pid: process.pid, ns: pidNamespace() }
  return self
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The lock's owner; a bare pid is what versions before the owner was written left (same host assumed). */
function readOwner(text: string): Partial<LockOwner> | undefined {
  if (/^\d+$/.test(text)) return { pid: Number(text) }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    return typeof value === 'object' && value !== null ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * Why a lock someone holds is stale, or undefined while it is not: its holder is a process of this host (and pid
 * namespace) that ended, or its mtime was not refreshed for STALE_LOCK_MS. A lock of another host or container is
 * judged by its mtime only: its pid means nothing here.
 */
async function stale(lock: string): Promise<{ ino: number; why: string } | undefined> {
  try {
    const [info, text] = await Promise.all([stat(lock), readFile(lock, 'utf8')])
    const held = readOwner(text)
    const me = local()
    const who = held?.host
      ? `pid ${held.pid} on ${held.host}`
      : held?.pid
        ? `pid ${held.pid}`
        : 'an unknown holder'
    const here =
      held !== undefined && (held.host === undefined || (held.host === me.host && held.ns === me.ns))
    // an empty file: its creator is writing its owner now
    if (here && Number.isInteger(held.pid) && (held.pid ?? 0) > 0 && !alive(held.pid ?? 0))
      return { ino: info.ino, why: `${who} has ended` }
    const age = Date.now() - info.mtimeMs
    if (age > STALE_LOCK_MS)
      return { ino: info.ino, why: `${who} has not refreshed it for ${Math.round(age / 1000)} s` }
    return undefined
  } catch {
    // gone meanwhile: the next try takes it
    return undefined
  }
}

/**
 * Runs `work` holding the dead-letter file's lock (`<file>.lock`, created exclusively, holding its owner: host,
 * pid, pid namespace and a token), refreshing the lock's mtime while it works. Waits while another holds it; a lock
 * whose holder ended on this host, or that nobody refreshed for STALE_LOCK_MS, is taken over and told.
 */
export async function withDeadLetterLock<T>(
  file: string,
  work: () => Promise<T>,
  hooks: DeadLetterFileHooks = {},
): Promise<T> {
  const lock = `${file}${LOCK_SUFFIX}`
  const mine: LockOwner = { ...local(), token: randomUUID() }
  for (;;) {
    try {
      const handle = await open(lock, 'wx')
      try {
        await handle.writeFile(JSON.stringify(mine))
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // no folder: no file either, and nobody else can be changing it
      if (code === 'ENOENT') return work()
      if (code !== 'EEXIST') throw error
    }
    const left = await stale(lock)
    if (left) {
      // only the lock judged stale: another waiter may have removed it and taken a new one meanwhile
      const now = await stat(lock).catch(() => undefined)
      if (now?.ino === left.ino) {
        await unlink(lock).catch(() => {})
        ;(hooks.onStaleLock ?? console.warn)(`Took over the stale lock ${lock}: ${left.why}`)
      }
      continue
    }
    hooks.onBusy?.()
    await sleep(LOCK_POLL_MS)
  }
  // the heartbeat: a holder from another host judges this lock by its mtime alone
  const beat = setInterval(() => {
    const at = new Date()
    utimes(lock, at, at).catch(() => {})
  }, hooks.heartbeatMs ?? HEARTBEAT_MS)
  beat.unref()
  try {
    return await work()
  } finally {
    clearInterval(beat)
    // still ours (not taken over while this process stalled past STALE_LOCK_MS): removed
    const text = await readFile(lock, 'utf8').catch(() => '')
    if (readOwner(text)?.token === mine.token) await unlink(lock).catch(() => {})
  }
}

const NEWLINE = 0x0a

function countLines(bytes: Buffer): number {
  let lines = 0
  let start = 0
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
    if (bytes.subarray(start, at).toString('utf8').trim() !== '') lines++
    start = at + 1
  }
  // a last line without its newline (cut short by a crash) is a line too
  if (bytes.subarray(start).toString('utf8').trim() !== '') lines++
  return lines
}

export interface DeadLetterAppender<T> {
  /** Lines in the file now; recounted when its inode or size is not what this writer left (a replay changed it). */
  lines(): number
  /** Appends what fits under the bound, holding the lock; resolves to how many entries did not fit. */
  append(entries: readonly T[]): Promise<number>
}

/** serve's writer side of the dead-letter file: appends under the lock, bounded to `maxLines` lines. */
export function openDeadLetterAppender<T>(
  file: string,
  maxLines: number,
  hooks: DeadLetterFileHooks = {},
): DeadLetterAppender<T> {
  // what the file was when last counted: its inode and size (-1: no file), and its lines
  let seen = { ino: -1, size: -1, lines: 0 }
  const count = () => {
    const info = statSync(file, { throwIfNoEntry: false })
    if (info === undefined) {
      seen = { ino: -1, size: -1, lines: 0 }
      return 0
    }
    if (info.ino === seen.ino && info.size === seen.size) return seen.lines
    const bytes = readFileSync(file)
    // the same file grown (the writer of another process on one spool): only its tail is new
    const grown = info.ino === seen.ino && bytes.length > seen.size && bytes[seen.size - 1] === NEWLINE
    seen = {
      ino: info.ino,
      size: bytes.length,
      lines: grown ? seen.lines + countLines(bytes.subarray(seen.size)) : countLines(bytes),
    }
    return seen.lines
  }
  // read by counters and metrics, which must not throw: a file that cannot be read keeps the last count
  const lines = () => {
    try {
      return count()
    } catch {
      return seen.lines
    }
  }
  return {
    lines,
    append(entries) {
      return withDeadLetterLock(
        file,
        async () => {
          // counted under the lock: the file as a replay left it, not as this writer last saw it
          const before = count()
          const room = Math.max(0, maxLines - before)
          const kept = entries.length <= room ? entries : entries.slice(0, room)
          if (kept.length === 0) return entries.length
          const body = `${kept.map((entry) => JSON.stringify(entry)).join('\n')}\n`
          // a new open by path each time, under the lock: the file a replay put in place, never the one it replaced
          const handle = await open(file, 'a+')
          try {
            await hooks.afterOpen?.()
            const info = await handle.stat()
            const last = Buffer.alloc(1)
            if (info.size > 0) await handle.read(last, 0, 1, info.size - 1)
            // a line cut short by a crash: the first entry starts a line of its own, not the end of that one
            const text = Buffer.from(info.size > 0 && last[0] !== NEWLINE ? `\n${body}` : body)
            await handle.write(text)
            // set, not added to: a count read while the write ran (the counters' tick) may have seen it already
            seen = { ino: info.ino, size: info.size + text.length, lines: before + kept.length }
          } finally {
            await handle.close()
          }
          return entries.length - kept.length
        },
        hooks,
      )
    },
  }
}
