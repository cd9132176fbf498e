// pure: an editor may send text that starts with a byte order mark, which the DSL drops before it reads: the
// project keeps the text without it, and positions cross that boundary here (only line 1 moves); formatting puts
// it back with the DSL's keepFileConventions.
import type { Range } from '@routewright/strategy-dsl'

const BOM = '\ufeff'

/** The text as the project keeps it, and whether the editor's text had the mark. */
export function withoutBom(text: string): { text: string; bom: boolean } {
  return text.startsWith(BOM) ? { text: text.slice(1), bom: true } : { text, bom: false }
}

/** An offset in the editor's text -> the same place in the project's text. */
export function projectOffset(offset: number, bom: boolean): number {
  return bom ? Math.max(0, offset - 1) : offset
}

/** A range in the project's text -> the editor's (its line-1 columns count the mark). */
export function editorRange(range: Range, bom: boolean): Range {
  if (!bom) return range
  const shift = (p: Range['start']) =>
    p.line === 1 ? { ...p, column: p.column + 1, offset: p.offset + 1 } : { ...p, offset: p.offset + 1 }
  return { start: shift(range.start), end: shift(range.end) }
}
