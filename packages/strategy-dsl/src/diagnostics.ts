import type { Path } from './nodes/kind.ts'

/** A place in a file: 1-based line and column (as editors show them) and the 0-based character offset. */
export interface Position {
  line: number
  column: number
  offset: number
}

export interface Range {
  start: Position
  end: Position
}

export type Severity = 'error' | 'warning' | 'info'

/**
 * A finding about a document, as data. `code` is stable (documented in SPEC.md); `message` says what is wrong
 * and how to fix it; `path` goes from the outside in (`['nodes', 'vip', 'targets', 0]`).
 */
export interface Diagnostic {
  code: string
  severity: Severity
  message: string
  path: Path
  file?: string
  range?: Range
  /** Node id the finding is about, when there is one, so the designer can badge the node. */
  node?: string
  /** A misspelt name and the close one meant, which an editor can offer to write instead (a quick fix). */
  fix?: NameFix
}

/** `written` stands once, as a whole name, in the text at the diagnostic's range; `meant` is what to write there. */
export interface NameFix {
  written: string
  meant: string
}

/**
 * Maps a document path to where it is written in the source text. Produced by the parser and used by every
 * rule so that diagnostics carry `file:line:col`.
 */
export interface SourceLocator {
  /** The range of the value at `path` (or of the nearest ancestor that exists). */
  rangeOf(path: Path): Range | undefined
  /** The range of the key at `path` (the `vip:` in `nodes.vip`), falling back to the value. */
  keyRangeOf(path: Path): Range | undefined
  /**
   * The position of character `index` inside the string value at `path`, accounting for quotes and escapes,
   * so an expression error points at the exact column inside the expression.
   */
  positionInString(path: Path, index: number): Position | undefined
  /**
   * The scalar under `offset` of the parsed text, with its path: what an editor's hover or completion asks. Given
   * by parses that kept positions (`ParseOptions.positions`, and every parse that reported a YAML error).
   */
  nodeAt?(offset: number): SourceNode | undefined
}

/** A scalar of the source and where it is: the answer of `SourceLocator.nodeAt`. */
export interface SourceNode {
  path: Path
  /** The offset is on a mapping key (the last path segment), not on a value. */
  onKey: boolean
  /** The scalar's text, quotes removed. */
  value: string
  /** Offsets of the scalar's text (inside quotes, when quoted). */
  start: number
  end: number
}
