// The DSL entry points the editor store uses: parse + validate, and canonical text that keeps comments.
import { checkStrategyText, updateStrategyText } from '@routewright/strategy-dsl'
import type { DslAdapter } from './editor-store.ts'

export const dslAdapter: DslAdapter = {
  check: (text, ctx) => checkStrategyText(text, ctx),
  update: (previousText, next) => updateStrategyText(previousText, next),
}
