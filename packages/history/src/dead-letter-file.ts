// The dead-letter file (`<spool>.refused`) as serve's writer appends to it and a replay rewrites it: both hold its
// lock file (`<file>.lock`) meanwhile, so an append never lands in a file a replay has just replaced; the writer
// counts its lines by the file's inode and size, so a replay (or a person) changing it is noticed without a restart.
import { readFileSync, statSync } from 'node:fs'
import { open, readFile, stat, unlink } from 'node:fs/promises'

/** Steps a test injects to order an append and a replay deterministically. */
export interface DeadLetterFileHooks {
  /** Told each time the lock is found held by someone else, before waiting for it. */
  onBusy?: () => void
  /** Run by an append between opening the file and writing to it (the lock held). */
  afterOpen?: () => Promise<void>
}

/** The lock file both serve's writer and a replay take around their change to the dead-letter file. */
export const LOCK_SUFFIX = '.lock'
// a holder keeps it for one append or one rewrite (milliseconds); past this it died without removing it
const STALE_LOCK_MS = 30_000
const LOCK_POLL_MS = 5

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether a lock someone holds was left by a process that ended (or is far older than any holder keeps it). */
async function stale(lock: string): Promise<{ ino: number } | undefined> {
  try {
    const [info, text] = await Promise.all([stat(lock), readFile(lock, 'utf8')])
    const pid = Number(text)
    // an empty file: its creator is writing its pid now
    const ended = text !== '' && Number.isInteger(pid) && pid > 0 && !alive(pid)
    return ended || Date.now() - info.mtimeMs > STALE_LOCK_MS ? { ino: info.ino } : undefined
  } catch {
    // gone meanwhile: the next try takes it
    return undefined
  }
}

/**
 * Runs `work` holding the dead-letter file's lock (`<file>.lock`, created exclusively, holding this process's pid).
 * Waits while another holds it; a lock left by a process that ended is removed.
 */
export async function withDeadLetterLock<T>(
  file: string,
  work: () => Promise<T>,
  hooks: DeadLetterFileHooks = {},
): Promise<T> {
  const lock = `${file}${LOCK_SUFFIX}`
  for (;;) {
    try {
      const handle = await open(lock, 'wx')
      try {
        await handle.writeFile(String(process.pid))
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
      if (now?.ino === left.ino) await unlink(lock).catch(() => {})
      continue
    }
    hooks.onBusy?.()
    await sleep(LOCK_POLL_MS)
  }
  try {
    return await work()
  } finally {
    await unlink(lock).catch(() => {})
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
