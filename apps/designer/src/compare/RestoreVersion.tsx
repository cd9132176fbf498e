// test ids: compare-restore (puts the compared version in the editor as an unsaved, undoable change),
//   compare-restore-id (says the restore keeps the open file's id when the other version has another)
import { useMemo } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { restoredText } from './restore-text.ts'

/**
 * "Restore this version": the other side's text replaces the open strategy's text as one undo step. Nothing is
 * written: Save writes it through the normal save (with its conflict check). A version that no longer validates
 * restores too, and its problems show in the Problems tab. Another strategy's text keeps the open file's own id.
 */
export function RestoreVersion({ text, label }: { text: string; label: string }) {
  const store = useEditorStore()
  const ownId = useEditor((s) => s.document?.strategy)
  const restored = useMemo(() => restoredText(text, ownId), [text, ownId])
  const same = useEditor((s) => s.text === restored.text)
  const keepsId =
    restored.replacedId === undefined
      ? ''
      : ` with this file's id "${ownId}" (it has "${restored.replacedId}")`
  return (
    <>
      <button
        type="button"
        className="rw-compare__restore"
        data-testid="compare-restore"
        disabled={same}
        title={
          same
            ? 'The editor already holds this version'
            : `Put ${label} in the editor${keepsId} as an unsaved change (Undo takes it back)`
        }
        onClick={() => {
          store.setText(restored.text)
          store.notify(
            `Restored ${label} in the editor${keepsId}: not saved yet. Undo (Ctrl+Z) takes it back.`,
          )
        }}
      >
        Restore this version
      </button>
      {restored.replacedId !== undefined && !same && (
        <span className="rw-compare__restore-id" data-testid="compare-restore-id">
          keeps this file's id "{ownId}"
        </span>
      )}
    </>
  )
}
