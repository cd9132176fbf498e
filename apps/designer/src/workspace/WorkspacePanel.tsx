// The workspace's file list: strategies, directories and tests; open, new, rename, duplicate, delete.
// test ids: workspace-panel, workspace-new; the rows' are in FileList.tsx; dialogs: prompt-*, confirm-*.
// The shell renders <SaveBar/> (save-button, save-status, workspace-notice, workspace-error) and <ConflictDialog/>
// once each; this panel installs Ctrl/Cmd+S and the unsaved-changes guards.
import { useMemo, useState } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { ConfirmDialog, PromptDialog } from './FileDialogs.tsx'
import { FileList } from './FileList.tsx'
import { baseName, checkNewName, folderOf, groupFiles, suffixOf } from './files.ts'
import { displayName } from './session.ts'
import { useSaveShortcut } from './useSaveShortcut.ts'
import { useUnsavedGuards } from './useUnsavedGuards.ts'
import { useWorkspace, useWorkspaceSession } from './WorkspaceProvider.tsx'
import './workspace.css'

type Pending =
  | { kind: 'new' }
  | { kind: 'rename'; path: string }
  | { kind: 'duplicate'; path: string }
  | { kind: 'delete'; path: string }

export function WorkspacePanel() {
  useSaveShortcut()
  useUnsavedGuards()
  const { session } = useWorkspaceSession()
  const files = useWorkspace((s) => s.files)
  const loaded = useWorkspace((s) => s.loaded)
  const openPath = useWorkspace((s) => s.open?.path)
  const dirty = useEditor((s) => s.dirty)
  const drafted = useWorkspace((s) => s.drafted)
  const [pending, setPending] = useState<Pending | undefined>()
  const [focusRequest, setFocusRequest] = useState<{ path: string } | undefined>()
  const store = useEditorStore()
  const groups = useMemo(() => groupFiles(files), [files])
  const close = () => setPending(undefined)

  return (
    <aside className="rw-workspace" data-testid="workspace-panel" aria-label="Workspace files">
      <div className="rw-workspace__header">
        <h2>Files</h2>
        {/* "+ New": "+ New strategy" wrapped onto two lines in the 168 px file list of a 1,024 px window */}
        <button
          type="button"
          data-testid="workspace-new"
          aria-label="New strategy"
          title="New strategy"
          onClick={() => setPending({ kind: 'new' })}
        >
          + New
        </button>
      </div>
      {!loaded ? <p className="rw-workspace__empty">Loading the workspace…</p> : null}
      <FileList
        groups={groups}
        openPath={openPath}
        dirty={dirty}
        drafted={drafted}
        onOpen={(path) => void session.open(path)}
        onRequest={(kind, path) => setPending({ kind, path })}
        focusRequest={focusRequest}
      />
      {pending?.kind === 'new' ? (
        <PromptDialog
          title="New strategy"
          label="Strategy id (also the file name)"
          initial=""
          okLabel="Create"
          check={(value) => checkNewName(value, '', '.strategy.yaml', files)}
          onCancel={close}
          onOk={(id) => {
            close()
            void session.createStrategy(id)
          }}
        />
      ) : null}
      {pending?.kind === 'rename' || pending?.kind === 'duplicate' ? (
        <PromptDialog
          title={`${pending.kind === 'rename' ? 'Rename' : 'Duplicate'} ${displayName(pending.path)}`}
          label={`New name (${suffixOf(pending.path)} is kept)`}
          initial={pending.kind === 'rename' ? baseName(pending.path) : `${baseName(pending.path)}-copy`}
          okLabel={pending.kind === 'rename' ? 'Rename' : 'Duplicate'}
          note={pending.kind === 'rename' ? renameNote(pending.path) : undefined}
          check={(value) =>
            pending.kind === 'rename' && value === baseName(pending.path)
              ? 'Type a different name.'
              : checkNewName(value, folderOf(pending.path), suffixOf(pending.path), files)
          }
          onCancel={close}
          onOk={(name) => {
            close()
            const from = pending.path
            const done =
              pending.kind === 'rename' ? session.rename(from, name) : session.duplicate(from, name)
            // the old row is gone (or the copy is new): focus goes to the file's row and says what happened
            void done.then((to) => {
              if (to === undefined) return
              setFocusRequest({ path: to })
              store.notify(`${pending.kind === 'rename' ? 'Renamed' : 'Duplicated'} ${from} as ${to}.`)
            })
          }}
        />
      ) : null}
      {pending?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${displayName(pending.path)}?`}
          message={`${pending.path} will be removed from the workspace on disk${
            pending.path === openPath && dirty ? ', together with your unsaved changes' : ''
          }. This cannot be undone here (use git to get it back).`}
          okLabel="Delete"
          onCancel={close}
          onOk={() => {
            close()
            void session.remove(pending.path)
          }}
        />
      ) : null}
    </aside>
  )
}

/** What a rename leaves as it was: the ids inside the file, which other files name. */
function renameNote(path: string): string | undefined {
  if (!path.endsWith('.strategy.yaml') && !path.endsWith('.strategy.yml')) return undefined
  return 'Only the file name changes: the strategy keeps the id written in it (strategy:), so tests, subroutine calls and routing that name it still work. To rename the strategy itself, change that id in the code view.'
}
