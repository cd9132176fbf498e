// test ids: compare-restore (puts the compared version in the editor as an unsaved, undoable change)
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'

/**
 * "Restore this version": the other side's text replaces the open strategy's text as one undo step. Nothing is
 * written: Save writes it through the normal save (with its conflict check). A version that no longer validates
 * restores too, and its problems show in the Problems tab.
 */
export function RestoreVersion({ text, label }: { text: string; label: string }) {
  const store = useEditorStore()
  const same = useEditor((s) => s.text === text)
  return (
    <button
      type="button"
      className="rw-compare__restore"
      data-testid="compare-restore"
      disabled={same}
      title={
        same
          ? 'The editor already holds this version'
          : `Put ${label} in the editor as an unsaved change (Undo takes it back)`
      }
      onClick={() => {
        store.setText(text)
        store.notify(`Restored ${label} in the editor: not saved yet. Undo (Ctrl+Z) takes it back.`)
      }}
    >
      Restore this version
    </button>
  )
}
