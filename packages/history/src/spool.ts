// Items waiting on disk while the store is down (or the writer is behind): a JSON-lines file, bounded in count.
// (The records the store refused go to the dead-letter file, which a replay shares: dead-letter-file.ts.)
import { appendFileSync, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
// the light subpath: the writer thread reads the spool and must not load the whole DSL
import { jsonProblem } from '@routewright/strategy-dsl/json-problem'
import type { HistoryItem } from './record.ts'

/** A spool line that is no item: a line cut short by a crash, or one edited or written by something else. */
export interface BadSpoolLine {
  /** 1-based line number in the spool file. */
  line: number
  text: string
  problem: string
}

export interface Spool<T = HistoryItem> {
  /** Items on disk now (those left by an earlier process included). */
  readonly size: number
  /** Appends what fits under the bound; returns how many did not fit. */
  append(items: readonly T[]): number
  /**
   * Everything on disk, oldest first; each line that is no item (not JSON, or `check` refuses it) goes to `bad`
   * instead, so the caller sets it aside with its line rather than losing it.
   */
  read(bad?: (line: BadSpoolLine) => void): T[]
  /** Keeps only `remaining` (after a partial drain), atomically. */
  replace(remaining: readonly T[]): void
}

export function openSpool<T = HistoryItem>(
  file: string,
  maxItems: number,
  check: (value: unknown) => string | undefined = () => undefined,
): Spool<T> {
  let size = 0
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8')
    for (const line of text.split('\n')) if (line.trim() !== '') size++
  }
  return {
    get size() {
      return size
    },
    append(items) {
      const room = Math.max(0, maxItems - size)
      const kept = items.length <= room ? items : items.slice(0, room)
      if (kept.length > 0) {
        appendFileSync(file, `${kept.map((item) => JSON.stringify(item)).join('\n')}\n`)
        size += kept.length
      }
      return items.length - kept.length
    },
    read(bad) {
      if (!existsSync(file)) return []
      const items: T[] = []
      for (const [index, text] of readFileSync(file, 'utf8').split('\n').entries()) {
        if (text.trim() === '') continue
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (error) {
          // a line cut short by a crash while appending: nothing else in it can be read
          bad?.({ line: index + 1, text, problem: `not JSON (${jsonProblem(text, error)})` })
          continue
        }
        const problem = check(value)
        if (problem === undefined) items.push(value as T)
        else bad?.({ line: index + 1, text, problem })
      }
      return items
    },
    replace(remaining) {
      if (remaining.length === 0) {
        if (existsSync(file)) unlinkSync(file)
      } else {
        const temporary = `${file}.tmp`
        writeFileSync(temporary, `${remaining.map((item) => JSON.stringify(item)).join('\n')}\n`)
        renameSync(temporary, file)
      }
      size = remaining.length
    },
  }
}
