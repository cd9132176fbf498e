// The DSL functions the editor store uses. TEMPORARY: a minimal parse (yaml + zod) until the DSL's
// checkStrategyText / updateStrategyText land; then this file only re-exports them.
import { type Diagnostic, type StrategyDocument, strategyDocumentSchema } from '@routewright/strategy-dsl'
import { parse, stringify } from 'yaml'
import type { DslAdapter } from './editor-store.ts'

function check(text: string): { document?: StrategyDocument; diagnostics: Diagnostic[] } {
  let raw: unknown
  try {
    raw = parse(text)
  } catch (error) {
    return { diagnostics: [{ code: 'RW001', severity: 'error', message: String(error), path: [] }] }
  }
  const result = strategyDocumentSchema.safeParse(raw)
  if (!result.success) {
    return {
      diagnostics: result.error.issues.map((issue) => ({
        code: 'RW002',
        severity: 'error' as const,
        message: issue.message,
        path: issue.path as (string | number)[],
      })),
    }
  }
  return { document: result.data, diagnostics: [] }
}

export const dslAdapter: DslAdapter = {
  check,
  update: (_previous, next) => stringify(next),
}
