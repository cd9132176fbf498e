// The writer's dead-letter file (`<spool>.refused`): read for a person, and replayed into a store once the cause of
// the refusals is fixed. Nothing in the file is lost: unreadable lines and records refused again stay, in order.
import { existsSync, readFileSync, unlinkSync } from 'node:fs'
import { atomicReplace } from '@routewright/node-support/atomic-write'
// the light subpath: the writer thread reads these files and must not load the whole DSL
import { jsonProblem } from '@routewright/strategy-dsl/json-problem'
import { type DeadLetterFileHooks, withDeadLetterLock } from './dead-letter-file.ts'
import { type IsolatingStore, itemId, writeIsolating } from './isolating-write.ts'
import { historyItemProblem } from './item-check.ts'
import type { HistoryItem } from './record.ts'
import type { RefusedItem } from './writer.ts'

/** The suffix the writer gives the dead-letter file beside its spool. */
export const REFUSED_SUFFIX = '.refused'

/** One line of the dead-letter file: its refused item, or why the line cannot be read. */
export interface DeadLetter {
  /** 1-based line number in the file. */
  line: number
  /** The line as it is in the file. */
  text: string
  /** The refused item, with when and why it was refused; absent when the line cannot be read. */
  refused?: RefusedItem
  /** The item's kind and id, as the writer logged them. */
  kind?: HistoryItem['kind']
  id?: string
  /** Why the line is no refused item (a line cut short by a crash, an edit gone wrong). */
  problem?: string
}

/** The dead-letter file for a spool file (or the dead-letter file itself, when given). */
export function deadLetterFile(spoolOrFile: string): string {
  return spoolOrFile.endsWith(REFUSED_SUFFIX) ? spoolOrFile : `${spoolOrFile}${REFUSED_SUFFIX}`
}

function parseLine(text: string, line: number): DeadLetter {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // jsonProblem keeps what and where, never V8's quote of the line (raw bytes on a terminal, a record's data)
    return { line, text, problem: `not JSON (${jsonProblem(text, error)})` }
  }
  const entry = value as Partial<RefusedItem> | null
  const item = entry?.item as Partial<HistoryItem> | undefined
  if (typeof entry !== 'object' || entry === null || typeof item !== 'object' || item === null) {
    return { line, text, problem: 'no "item" object (a line is { at, reason, item })' }
  }
  const problem = historyItemProblem(item)
  if (problem !== undefined) return { line, text, problem: `item: ${problem}` }
  const refused: RefusedItem = {
    at: typeof entry.at === 'string' ? entry.at : '',
    reason: typeof entry.reason === 'string' ? entry.reason : '',
    item: item as HistoryItem,
  }
  return { line, text, refused, kind: refused.item.kind, id: itemId(refused.item) }
}

function splitLines(text: string): DeadLetter[] {
  const out: DeadLetter[] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) if (line.trim() !== '') out.push(parseLine(line, index + 1))
  return out
}

/** Every line of a dead-letter file, in order; none when there is no file. */
export function readDeadLetters(file: string): DeadLetter[] {
  return existsSync(file) ? splitLines(readFileSync(file, 'utf8')) : []
}

export interface ReplayOptions {
  /** Items per write; default 500. */
  batchSize?: number
  /** How the file is replaced by what is left; default node-support's atomicReplace (temp file, fsync, rename). */
  replace?: (file: string, bytes: Buffer) => Promise<void>
  /** Steps injected where the replay waits for the file's lock (tests order it against serve's append). */
  hooks?: DeadLetterFileHooks
}

export interface ReplayResult {
  /** Items the store took, or already had (a record is stored once by its key: replaying twice adds nothing). */
  written: number
  /** Items the store refused again: kept in the file with the new reason. */
  refusedAgain: number
  /** Lines that are no refused item: kept in the file as they are. */
  unreadable: number
  /** Lines in the file now (0: the file was removed). */
  left: number
  /** Set when the store went out of reach part way: what was not written yet is still in the file. */
  outage?: string
}

/**
 * Writes the items of a dead-letter file into `store`, batch by batch, and after each batch rewrites the file
 * atomically with what is left (refused again, unreadable, not tried yet, and lines the writer appended meanwhile).
 * A crash part way leaves every item either in the store or in the file, or both: both is harmless, since the
 * store keeps a record once by its key.
 */
export async function replayDeadLetters(
  store: IsolatingStore,
  file: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const batchSize = options.batchSize ?? 500
  const read = () => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0))
  // read under the lock: never a line serve's writer is appending half way
  let known = await withDeadLetterLock(file, async () => read(), options.hooks)
  const letters = splitLines(known.toString('utf8'))
  // per line: its text to keep, or undefined once written
  const kept: Array<string | undefined> = letters.map((letter) => letter.text)
  const result: ReplayResult = { written: 0, refusedAgain: 0, unreadable: 0, left: letters.length }
  const replace = options.replace ?? atomicReplace
  const keepLines = (bytes: Buffer) => {
    for (const text of bytes.toString('utf8').split('\n')) if (text.trim() !== '') kept.push(text)
  }
  // under the lock serve's writer takes to append: nothing is appended between this read and the rename
  const rewrite = () =>
    withDeadLetterLock(
      file,
      async () => {
        const current = read()
        // a running writer only appends: what it added since the last read is kept after the rest
        keepLines(current.subarray(Math.min(known.length, current.length)))
        const lines = kept.filter((text): text is string => text !== undefined)
        const content = Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`)
        if (lines.length > 0) await replace(file, content)
        else if (existsSync(file)) unlinkSync(file)
        known = content
        result.left = lines.length
      },
      options.hooks,
    )
  const readable = letters.flatMap((letter, index) =>
    letter.refused ? [{ index, refused: letter.refused }] : [],
  )
  result.unreadable = letters.length - readable.length
  for (let start = 0; start < readable.length; start += batchSize) {
    const chunk = readable.slice(start, start + batchSize)
    const progress = { done: 0, written: 0 }
    const refusedNow = new Map<HistoryItem, string>()
    let outage: unknown
    try {
      await writeIsolating(
        store,
        chunk.map((entry) => entry.refused.item),
        progress,
        (item, error) => refusedNow.set(item, error instanceof Error ? error.message : String(error)),
      )
    } catch (error) {
      outage = error
    }
    for (const { index, refused } of chunk.slice(0, progress.done)) {
      const reason = refusedNow.get(refused.item)
      if (reason === undefined) kept[index] = undefined
      else kept[index] = JSON.stringify({ ...refused, reason } satisfies RefusedItem)
    }
    result.written += progress.written
    result.refusedAgain += refusedNow.size
    await rewrite()
    if (outage !== undefined) {
      result.outage = outage instanceof Error ? outage.message : String(outage)
      return result
    }
  }
  if (readable.length === 0) await rewrite()
  return result
}
