// What the simulation panel reads from the designer: the open version, its saved text, other strategies, directory.
import {
  type DirectoryDocument,
  type StrategyDocument,
  safeParseStrategy,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { useCallback, useMemo } from 'react'
import { dslAdapter } from '../core/dsl-adapter.ts'
import { useEditor } from '../hooks/useEditor.ts'

export interface SimulationSources {
  file: string | undefined
  /** The open strategy as edited (the last text that parsed). */
  document: StrategyDocument | undefined
  /** The saved file's strategy, when it differs from the open one and parses. */
  saved: StrategyDocument | undefined
  dirty: boolean
  /** Errors in the saved text, checked as the open one is (its CEL, its graph): the runtime refuses it as well. */
  savedErrors: number
  /** Errors in the open text (a parse error included): the runtime refuses such a strategy, so the panel does. */
  errors: number
  directory: DirectoryDocument | undefined
  /** The workspace's strategies by id, for subroutine calls and for "compare with another file". */
  strategies: ReadonlyMap<string, StrategyDocument>
  /**
   * Errors in the workspace's strategy `id`, checked as opening it would (the directory, the other strategies, this
   * one as edited), and the file it was read from; undefined when the workspace has no such strategy.
   */
  otherStrategyErrors(id: string): { errors: number; file: string | undefined } | undefined
}

const NONE: ReadonlyMap<string, StrategyDocument> = new Map()

export function useSimulationSources(): SimulationSources {
  const file = useEditor((s) => s.file)
  const document = useEditor((s) => s.document)
  const savedText = useEditor((s) => s.savedText)
  const dirty = useEditor((s) => s.dirty)
  const errors = useEditor((s) => s.diagnostics.filter((d) => d.severity === 'error').length)
  const directory = useEditor((s) => s.context.directory)
  const strategies = useEditor((s) => s.context.strategies) ?? NONE
  const context = useEditor((s) => s.context)
  const saved = useMemo(() => {
    const parsed = safeParseStrategy(savedText)
    return parsed.success ? parsed.data : undefined
  }, [savedText])
  // with the context the store checks the open text in (directory, other strategies, the file's name)
  const savedErrors = useMemo(() => {
    const ctx = context.file === undefined && file !== undefined ? { ...context, file } : context
    return dslAdapter.check(savedText, ctx).diagnostics.filter((d) => d.severity === 'error').length
  }, [savedText, context, file])
  const otherStrategyErrors = useCallback(
    (id: string) => {
      const other = strategies.get(id)
      if (other === undefined) return undefined
      const from = context.strategyFiles?.get(id)
      // the open strategy as edited among the others: a call back to it is no error
      const all = document ? new Map([...strategies, [document.strategy, document]]) : strategies
      const found = validateStrategy(other, {
        ...(from === undefined ? {} : { file: from }),
        ...(directory === undefined ? {} : { directory }),
        strategies: all,
        strategiesFrom: 'workspace',
      })
      return { errors: found.filter((d) => d.severity === 'error').length, file: from }
    },
    [strategies, context, document, directory],
  )
  return { file, document, saved, dirty, savedErrors, errors, directory, strategies, otherStrategyErrors }
}
