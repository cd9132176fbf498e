// test ids: conflict-dialog, conflict-reload, conflict-overwrite, conflict-cancel

import { Dialog } from './Dialog.tsx'
import { displayName } from './session.ts'
import { useWorkspace, useWorkspaceSession } from './WorkspaceProvider.tsx'

/** The file changed on disk while it was open with local edits: reload (lose them) or overwrite (keep them). */
export function ConflictDialog() {
  const { session } = useWorkspaceSession()
  const conflict = useWorkspace((s) => s.conflict)
  if (!conflict) return null
  const name = displayName(conflict.path)
  const deleted = conflict.current === null
  return (
    <Dialog
      title={deleted ? `${name} was deleted on disk` : `${name} changed on disk since you opened it`}
      testId="conflict-dialog"
      onCancel={() => session.dismissConflict()}
      actions={
        <>
          <button type="button" data-testid="conflict-cancel" onClick={() => session.dismissConflict()}>
            Keep editing
          </button>
          <button type="button" data-testid="conflict-reload" onClick={() => void session.reload()}>
            {deleted ? 'Close the file' : 'Reload (lose my changes)'}
          </button>
          <button
            type="button"
            data-primary
            className="rw-button--primary"
            data-testid="conflict-overwrite"
            onClick={() => void session.overwrite()}
          >
            {deleted ? 'Save my version again' : 'Overwrite with my version'}
          </button>
        </>
      }
    >
      {/* a deleted file has no version on disk to reload: the words name the buttons this dialog shows */}
      <p>
        {deleted
          ? 'Someone deleted or moved this file while you were editing it. Save my version again writes your text back to the file; Close the file drops your unsaved changes.'
          : 'Someone (a git pull, another editor) changed this file after you opened it, and you have unsaved changes. Reload takes the version on disk; overwrite replaces it with yours.'}
      </p>
    </Dialog>
  )
}
