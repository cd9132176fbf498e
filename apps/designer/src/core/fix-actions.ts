// The repairs offered beside a diagnostic as actions on the editor: one code path for the Problems panel and the
// inspector's problem box (the fixes themselves are quick-fixes.ts's, pure).
import type { Diagnostic, StrategyDocument } from '@routewright/strategy-dsl'
import { editableDocument } from './commands.ts'
import type { EditorStore } from './editor-store.ts'
import { nameFixFor, type QuickFixContext, quickFixesFor, type TextFix } from './quick-fixes.ts'

export interface FixAction {
  label: string
  run(): void
}

/** The document's repairs (a variable to declare) and the text's (a misspelt name) for `d`. */
export function fixActionsFor(
  d: Diagnostic,
  store: EditorStore,
  document: StrategyDocument | undefined,
  context: QuickFixContext,
): FixAction[] {
  const nameFix = nameFixFor(d)
  return [
    ...quickFixesFor(d, document, context).map((fix) => ({
      label: fix.label,
      run() {
        const doc = editableDocument(store)
        if (doc) store.applyDocument(fix.apply(doc))
      },
    })),
    ...(nameFix ? [{ label: nameFix.label, run: () => applyText(store, nameFix) }] : []),
  ]
}

function applyText(store: EditorStore, fix: TextFix) {
  const next = fix.edit(store.getState().text)
  if (next !== undefined) store.setText(next)
  else store.notify('Not changed: the text there is no longer what the problem was found in. Check it again.')
}
