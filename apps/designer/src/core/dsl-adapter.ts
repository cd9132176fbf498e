// The DSL entry points the editor store uses: parse + validate (as checkStrategyText does), and canonical text
// that keeps comments. Parses are cached by text, so re-validating for a new context (the directory arriving
// after open) or undoing to a recent text does not parse again: parsing is most of the cost of a large file.
import {
  checkDirectoryText,
  checkTestText,
  type Diagnostic,
  documentKindOf,
  type ParseResult,
  type StrategyDocument,
  safeParseStrategy,
  sortDiagnostics,
  updateStrategyText,
  validateStrategy,
} from '@routewright/strategy-dsl'
import type { DslAdapter } from './editor-store.ts'

const CACHE_SIZE = 8

export function createDslAdapter(): DslAdapter {
  const parses = new Map<string, ParseResult<StrategyDocument>>()

  function parse(text: string, file: string | undefined): ParseResult<StrategyDocument> {
    const key = `${file ?? ''}\u0000${text}`
    const cached = parses.get(key)
    if (cached) {
      // most recently used goes last, so the oldest is evicted first
      parses.delete(key)
      parses.set(key, cached)
      return cached
    }
    const result = safeParseStrategy(text, file === undefined ? {} : { file })
    parses.set(key, result)
    if (parses.size > CACHE_SIZE) parses.delete(parses.keys().next().value as string)
    return result
  }

  return {
    check(text, ctx) {
      // directory and test files open in the code view with their own checks; only strategies reach the canvas
      const kind = ctx.file === undefined ? undefined : documentKindOf(ctx.file)
      if (kind === 'directory')
        return { diagnostics: checkDirectoryText(text, { file: ctx.file! }).diagnostics }
      if (kind === 'test') return { diagnostics: checkTestText(text, ctx).diagnostics }
      const parsed = parse(text, ctx.file)
      if (!parsed.success) return { diagnostics: sortDiagnostics(parsed.diagnostics) }
      const found: Diagnostic[] = validateStrategy(parsed.data, { ...ctx, locator: parsed.locator })
      return { document: parsed.data, diagnostics: sortDiagnostics([...parsed.diagnostics, ...found]) }
    },
    parse(text, ctx) {
      const kind = ctx.file === undefined ? undefined : documentKindOf(ctx.file)
      if (kind === 'directory' || kind === 'test') return undefined
      const parsed = parse(text, ctx.file)
      if (!parsed.success) return { diagnostics: sortDiagnostics(parsed.diagnostics) }
      return { document: parsed.data, diagnostics: sortDiagnostics([...parsed.diagnostics]) }
    },
    update: (previousText, next) => updateStrategyText(previousText, next),
  }
}

export const dslAdapter: DslAdapter = createDslAdapter()
