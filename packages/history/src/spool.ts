// Items waiting on disk while the store is down (or the writer is behind): a JSON-lines file, bounded in count.
import { appendFileSync, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import type { HistoryItem } from './record.ts'

export interface Spool {
  /** Items on disk now (those left by an earlier process included). */
  readonly size: number
  /** Appends what fits under the bound; returns how many did not fit. */
  append(items: readonly HistoryItem[]): number
  /** Everything on disk, oldest first. */
  read(): HistoryItem[]
  /** Keeps only `remaining` (after a partial drain), atomically. */
  replace(remaining: readonly HistoryItem[]): void
}

export function openSpool(file: string, maxItems: number): Spool {
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
    read() {
      if (!existsSync(file)) return []
      const items: HistoryItem[] = []
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue
        try {
          items.push(JSON.parse(line) as HistoryItem)
        } catch {
          // a line cut short by a crash while appending: nothing else in it can be read
        }
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
