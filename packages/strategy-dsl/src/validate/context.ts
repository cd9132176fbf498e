// The state every strategy rule shares: the document, where to report, and the expression results computed once.

import type { Diagnostic, NameFix, Severity, SourceLocator } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import type { CompiledExpression } from '../expressions/types.ts'
import type { Path } from '../nodes/kind.ts'
import type { StrategiesFrom } from './strategy-messages.ts'

/** What validation may consult besides the document itself. */
export interface ValidationContext {
  file?: string
  locator?: SourceLocator
  directory?: DirectoryDocument
  /** Other strategies by id, for subroutine checks; when absent, subroutine calls are not resolved. */
  strategies?: ReadonlyMap<string, StrategyDocument>
  /** Where `strategies` came from, for the words of a missing one (RW301/RW319); the files given by default. */
  strategiesFrom?: StrategiesFrom
}

export interface Finding {
  code: string
  severity: Severity
  message: string
  path: Path
  node?: string
  /** Point at the key (`vip:`) rather than the value, for findings about a whole entry. */
  atKey?: boolean
  /** The close name meant (nameHint's `fix`); absent or undefined when none is close. */
  fix?: NameFix | undefined
}

/** The diagnostic a finding makes, before its range: without `atKey`, and without a `fix` that is not there. */
function diagnosticOf({ atKey: _atKey, fix, ...rest }: Finding): Diagnostic {
  return fix ? { ...rest, fix } : rest
}

/** Collects diagnostics, attaching `file` and `range` from the locator. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = []
  constructor(private readonly ctx: Pick<ValidationContext, 'file' | 'locator'>) {}

  report(finding: Finding): void {
    const diagnostic = diagnosticOf(finding)
    if (this.ctx.file !== undefined) diagnostic.file = this.ctx.file
    const locator = this.ctx.locator
    if (locator) {
      const range = finding.atKey ? locator.keyRangeOf(finding.path) : locator.rangeOf(finding.path)
      if (range) diagnostic.range = range
    }
    this.diagnostics.push(diagnostic)
  }

  /** Reports at a character range inside the string at `path` (an expression). */
  reportInString(finding: Finding, start: number, end: number): void {
    const diagnostic = diagnosticOf(finding)
    if (this.ctx.file !== undefined) diagnostic.file = this.ctx.file
    const locator = this.ctx.locator
    if (locator) {
      const from = locator.positionInString(finding.path, start)
      const to = locator.positionInString(finding.path, Math.max(end, start))
      if (from) diagnostic.range = { start: from, end: to ?? from }
      else {
        const range = locator.rangeOf(finding.path)
        if (range) diagnostic.range = range
      }
    }
    this.diagnostics.push(diagnostic)
  }
}

/** An expression of a node with its compile result, computed once and shared by the rules that need types. */
export interface CheckedExpression {
  node: string
  path: Path
  source: string
  compiled: CompiledExpression | undefined
}

export interface RuleContext extends ValidationContext {
  document: StrategyDocument
  reporter: Reporter
  /** Expressions by `nodeId` + path, with their inferred types (set by the expression rule, which runs first). */
  expressions: Map<string, CheckedExpression>
}

export function expressionKey(node: string, path: Path): string {
  return `${node}\u0000${path.join('\u0000')}`
}

/** The path of a node in the document. */
export function nodePath(id: string, ...rest: Path): Path {
  return ['nodes', id, ...rest]
}
