import { type Diagnostic, formatPath, formatPlace } from '@routewright/strategy-dsl'
import { memo, useRef } from 'react'
import { type FixAction, fixActionsFor } from '../core/fix-actions.ts'
import { nodeOfDiagnostic } from '../core/graph.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { useFocusAfterFix } from '../hooks/useFocusAfterFix.ts'
import { showText, useMiddleView } from '../layout/middle-view.ts'
import { useWorkspace } from '../workspace/WorkspaceProvider.tsx'
import { focusProblemField, problemFieldNames } from './problem-field.ts'
import { SkippedProblem } from './SkippedProblem.tsx'

// the inspector draws the newly selected node's form a frame or more later; a field it never draws is given up
const FIELD_WAIT_FRAMES = 30

/** Focuses the first of `names` in node `id`'s form once the inspector draws it, within a bounded number of frames. */
function focusFieldWhenShown(id: string, names: readonly string[], frames = FIELD_WAIT_FRAMES) {
  requestAnimationFrame(() => {
    const form = globalThis.document.querySelector('[data-testid="inspector-fields"]')
    // the form of the node the problem is about, not the one selected before it
    const shown = form?.querySelector<HTMLInputElement>('[data-testid="field-id"]')?.value === id
    if (form && shown && focusProblemField(form, names)) return
    if (frames > 1) focusFieldWhenShown(id, names, frames - 1)
  })
}

/** Every diagnostic of the open document; clicking one brings its node into view and reveals its line in the code
 * view; a diagnostic with a quick fix (a variable to declare, a misspelt name) gets a button that applies it. Below them, the workspace entries the server's
 * walk skipped (RW091), whichever file is open: no tab can show them. */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const store = useEditorStore()
  const middleView = useMiddleView()
  const diagnostics = useEditor((s) => s.diagnostics)
  const document = useEditor((s) => (s.inSync ? s.document : undefined))
  const context = useEditor((s) => s.context)
  const skipped = useWorkspace((s) => s.skipped)
  const list = useRef<HTMLElement>(null)
  // the row a quick fix was applied from: focus goes to the next one, or the list when none is left
  const fixedAt = useFocusAfterFix(list, '[data-testid="problem"]', (section) => section, diagnostics)
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length + skipped.length

  function open(d: Diagnostic) {
    const node = nodeOfDiagnostic(d)
    const { document: shown, inSync } = store.getState()
    if (node !== undefined && shown?.nodes[node]) {
      store.focusNode(node)
      const names = problemFieldNames(d.path, node)
      if (names.length > 0) focusFieldWhenShown(node, names)
    }
    // nothing on the canvas to show (a syntax error, a top-level field): the text is where it is fixed
    if (d.range && (!inSync || node === undefined || !shown?.nodes[node])) showText(middleView)
    if (d.range) store.revealAt(d.range.start.line, d.range.start.column)
  }

  /** The repairs offered beside `d`, remembering the row they were applied from. */
  function fixesOf(d: Diagnostic, index: number): FixAction[] {
    return fixActionsFor(d, store, document, context).map((fix) => ({
      label: fix.label,
      run() {
        fixedAt.current = index
        fix.run()
      },
    }))
  }

  return (
    <section className="rw-problems" aria-label="Problems" ref={list} tabIndex={-1}>
      <header className="rw-problems__header">
        <span data-testid="problems-count">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      </header>
      <ul className="rw-problems__list" data-testid="problems">
        {diagnostics.length + skipped.length === 0 && <li className="rw-problems__none">No problems.</li>}
        {diagnostics.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same code can repeat at one place
          <li key={`${d.code}:${i}`} className="rw-problems__item">
            <button
              type="button"
              className={`rw-problem rw-problem--${d.severity}`}
              data-testid="problem"
              data-code={d.code}
              onClick={() => open(d)}
            >
              <span className={`rw-sev rw-sev--${d.severity}`}>{d.severity}</span>
              <span className="rw-problem__code">{d.code}</span>
              <span className="rw-problem__message">{d.message}</span>
              <span className="rw-problem__where">
                {formatPlace(undefined, d.range)}
                {d.path.length > 0 ? ` ${formatPath(d.path)}` : ''}
              </span>
            </button>
            {fixesOf(d, i).map((fix) => (
              <button
                key={fix.label}
                type="button"
                className="rw-button rw-quick-fix"
                data-testid="quick-fix"
                title={fix.label}
                onClick={fix.run}
              >
                {fix.label}
              </button>
            ))}
          </li>
        ))}
        {skipped.map((d) => (
          <SkippedProblem key={d.file} diagnostic={d} />
        ))}
      </ul>
    </section>
  )
})
