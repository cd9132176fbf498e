// test ids: save-button, save-all-button (2+ unsaved files), save-all-summary, save-all-dismiss, save-status (data-state: clean|dirty|saving|saved|saved-with-errors|error), workspace-notice, workspace-error
import { useEffect, useState } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { NO_ANNOUNCEMENT, nextAnnouncement, SaveAllAnnouncement } from './SaveAllAnnouncement.tsx'
import { fadesAway, filesToSave } from './save-all-plan.ts'
import type { LastSave } from './session.ts'
import { useWorkspace, useWorkspaceSession } from './WorkspaceProvider.tsx'

/** How long a Save all summary that saved every file stays on screen (the canvas's notices stay 4 s). */
export const SAVED_ALL_SHOW_MS = 5000

/** Save button and what the user needs to know about the open file's state on disk. */
export function SaveBar() {
  const store = useEditorStore()
  const { session } = useWorkspaceSession()
  const dirty = useEditor((s) => s.dirty)
  const file = useEditor((s) => s.file)
  const errorCount = useEditor((s) => s.diagnostics.filter((d) => d.severity === 'error').length)
  const saving = useWorkspace((s) => s.saving)
  const lastSave = useWorkspace((s) => s.lastSave)
  const error = useWorkspace((s) => s.error)
  const notice = useWorkspace((s) => s.notice)
  const open = useWorkspace((s) => s.open)
  const drafted = useWorkspace((s) => s.drafted)
  const lastSaveAll = useWorkspace((s) => s.lastSaveAll)
  const unsaved = filesToSave({ open: open?.path, openDirty: dirty && file === open?.path, drafted }).length

  const [state, label] = describeSave({ saving, dirty, errorCount, file, lastSave })

  // Escape hides the Save all summary, unless something nearer takes the key: a dialog stops it, and in a text field
  // (Monaco, a find box) Escape belongs to the field
  const summaryShown = lastSaveAll !== undefined
  // every file saved: the summary fades by itself, as other notices do (one that names a file not saved, or saved
  // with errors, stays until closed); its text stays in the status region below, so it is announced whether or not it is still shown
  const [announced, setAnnounced] = useState(NO_ANNOUNCEMENT)
  useEffect(() => {
    if (lastSaveAll === undefined) return
    setAnnounced((previous) => nextAnnouncement(previous, lastSaveAll))
    if (!fadesAway(lastSaveAll)) return
    const timer = setTimeout(() => session.dismissSaveAll(), SAVED_ALL_SHOW_MS)
    return () => clearTimeout(timer)
  }, [lastSaveAll, session])
  useEffect(() => {
    if (!summaryShown) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      const target = event.target
      if (
        target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
      )
        return
      session.dismissSaveAll()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [summaryShown, session])

  return (
    <div className="rw-savebar">
      <button
        type="button"
        className="rw-button--primary"
        data-testid="save-button"
        disabled={!open || saving || file !== open.path}
        title="Save (Ctrl+S)"
        onClick={() => void store.save()}
      >
        Save
      </button>
      {unsaved > 1 ? (
        <button
          type="button"
          className="rw-button--header"
          data-testid="save-all-button"
          disabled={saving}
          title="Save all unsaved files (Ctrl+Alt+S)"
          onClick={() => void session.saveAll()}
        >
          Save all ({unsaved})
        </button>
      ) : null}
      <span className="rw-savebar__status" data-testid="save-status" data-state={state} aria-live="polite">
        {dirty ? <span className="rw-dirty-dot" aria-hidden="true" /> : null}
        {label}
      </span>
      <SaveAllAnnouncement announcement={announced} />
      {error || lastSaveAll || notice ? (
        // under the header, not in it: wrapped into the header's one line they pushed Save off its top and were cut
        <div className="rw-savebar__messages">
          {error ? (
            <span className="rw-savebar__error" data-testid="workspace-error" role="alert">
              {error}
            </span>
          ) : null}
          {lastSaveAll ? (
            <span className={`rw-savebar__notice${fadesAway(lastSaveAll) ? ' is-fading' : ''}`}>
              <span
                data-testid="save-all-summary"
                data-skipped={lastSaveAll.outcomes.filter((o) => o.status !== 'saved').length}
              >
                {lastSaveAll.text}
              </span>
              <button
                type="button"
                className="rw-link"
                data-testid="save-all-dismiss"
                aria-label="Close the Save all summary (Escape)"
                title="Close (Escape)"
                onClick={() => session.dismissSaveAll()}
              >
                ×
              </button>
            </span>
          ) : null}
          {notice ? (
            <span className="rw-savebar__notice" data-testid="workspace-notice">
              {notice}
              <button type="button" className="rw-link" onClick={() => session.dismissNotice()}>
                Dismiss
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/** The save status as a state name (for tests and styling) and the words the user reads. */
export function describeSave(input: {
  saving: boolean
  dirty: boolean
  errorCount: number
  file: string | undefined
  lastSave: LastSave | undefined
}): [string, string] {
  const { saving, dirty, errorCount, file, lastSave } = input
  if (saving) return ['saving', 'Saving…']
  if (dirty) {
    return [
      'dirty',
      errorCount ? `Unsaved changes (${errorCount} error${errorCount === 1 ? '' : 's'})` : 'Unsaved changes',
    ]
  }
  if (lastSave && lastSave.path === file) {
    if (lastSave.errors > 0) {
      return ['saved-with-errors', `Saved with ${lastSave.errors} error${lastSave.errors === 1 ? '' : 's'}`]
    }
    return ['saved', 'Saved']
  }
  return ['clean', file ? 'No changes' : 'No file open']
}
