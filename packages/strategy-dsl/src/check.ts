// Parse + validate in one call: the entry point of the CLI and the designer for each kind of file.

import type { Diagnostic } from './diagnostics.ts'
import type { DirectoryDocument } from './directory.ts'
import type { StrategyDocument } from './document.ts'
import { safeParseDirectory, safeParseStrategy, safeParseTestDocument } from './parse/parse.ts'
import type { TestDocument } from './test-file.ts'
import type { ValidationContext } from './validate/context.ts'
import { validateDirectory } from './validate/directory-rules.ts'
import { type TestValidationContext, validateTestDocument } from './validate/test-rules.ts'
import { validateStrategy } from './validate/validate-strategy.ts'

export interface CheckResult<T> {
  /** The parsed document, when it parsed (even if validation found errors). */
  document?: T
  /** Parse and validation diagnostics, sorted by position (those without one last). */
  diagnostics: Diagnostic[]
}

/** Orders diagnostics by where they are in the file; stable, so rule order breaks ties. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const pa = a.d.range?.start.offset ?? Number.POSITIVE_INFINITY
      const pb = b.d.range?.start.offset ?? Number.POSITIVE_INFINITY
      return pa === pb ? a.i - b.i : pa - pb
    })
    .map(({ d }) => d)
}

function options(file: string | undefined): { file?: string } {
  return file === undefined ? {} : { file }
}

/** Parses and validates a strategy file. */
export function checkStrategyText(
  text: string,
  ctx: Omit<ValidationContext, 'locator'> = {},
): CheckResult<StrategyDocument> {
  const parsed = safeParseStrategy(text, options(ctx.file))
  if (!parsed.success) return { diagnostics: sortDiagnostics(parsed.diagnostics) }
  const found = validateStrategy(parsed.data, { ...ctx, locator: parsed.locator })
  return { document: parsed.data, diagnostics: sortDiagnostics([...parsed.diagnostics, ...found]) }
}

/** Parses and validates a directory file. */
export function checkDirectoryText(
  text: string,
  ctx: { file?: string } = {},
): CheckResult<DirectoryDocument> {
  const parsed = safeParseDirectory(text, options(ctx.file))
  if (!parsed.success) return { diagnostics: sortDiagnostics(parsed.diagnostics) }
  const found = validateDirectory(parsed.data, { ...options(ctx.file), locator: parsed.locator })
  return { document: parsed.data, diagnostics: sortDiagnostics([...parsed.diagnostics, ...found]) }
}

/** Parses and validates a test file; scenarios are checked against the directory and strategy when given. */
export function checkTestText(
  text: string,
  ctx: Omit<TestValidationContext, 'locator'> = {},
): CheckResult<TestDocument> {
  const parsed = safeParseTestDocument(text, options(ctx.file))
  if (!parsed.success) return { diagnostics: sortDiagnostics(parsed.diagnostics) }
  const found = validateTestDocument(parsed.data, { ...ctx, locator: parsed.locator })
  return { document: parsed.data, diagnostics: sortDiagnostics([...parsed.diagnostics, ...found]) }
}
