// pure: which of the DSL's uses (or declarations) is under the cursor: find all references and hover ask it.
import { type Range, type Use, writtenName } from '@routewright/strategy-dsl'
import { wordAt } from './locate.ts'
import type { ProjectFile } from './project.ts'

function contains(range: Range | undefined, offset: number): boolean {
  return range !== undefined && range.start.offset <= offset && offset <= range.end.offset
}

/** The use or declaration under the cursor: its range holds the cursor and its name is the word there or the whole value. */
export function useAt(entry: ProjectFile, offset: number, all: readonly Use[]): Use | undefined {
  const word = wordAt(entry.text, offset)?.word
  return all.find((use) => {
    if (use.file !== entry.path || !contains(use.range, offset)) return false
    if (word !== undefined && writtenName(use) === word) return true
    // a prompt (`prompts/menu`) is more than one word: the whole value must be the name
    const range = use.range!
    return entry.text.slice(range.start.offset, range.end.offset).replace(/^["']|["']$/g, '') === use.name
  })
}
