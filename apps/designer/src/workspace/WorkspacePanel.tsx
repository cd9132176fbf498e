// The workspace's file list: strategies, directories and tests; open, new, rename, duplicate, delete.
// test ids: workspace-panel, workspace-new, file-<path> (row button, data-dirty/data-open), file-actions-<path>,
//   file-rename-<path>, file-duplicate-<path>, file-delete-<path>; dialogs: prompt-*, confirm-*.
// The shell renders <SaveBar/> (save-button, save-status, workspace-notice, workspace-error) and <ConflictDialog/>
// once each; this panel installs Ctrl/Cmd+S and the unsaved-changes guards.
import { useMemo, useState } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import { FileActionIcon } from './FileActionIcon.tsx'
import { ConfirmDialog, PromptDialog } from './FileDialogs.tsx'
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
  const [pending, setPending] = useState<Pending | undefined>()
  const groups = useMemo(() => groupFiles(files), [files])
  const close = () => setPending(undefined)

  return (
    <aside className="rw-workspace" data-testid="workspace-panel" aria-label="Workspace files">
      <div className="rw-workspace__header">
        <h2>Files</h2>
        <button type="button" data-testid="workspace-new" onClick={() => setPending({ kind: 'new' })}>
          + New strategy
        </button>
      </div>
      {!loaded ? <p className="rw-workspace__empty">Loading the workspace…</p> : null}
      {groups.map((group) =>
        group.files.length === 0 && group.kind !== 'strategy' ? null : (
          <section key={group.kind} className="rw-workspace__group">
            <h3>{group.title}</h3>
            {group.files.length === 0 ? <p className="rw-workspace__empty">No strategies yet.</p> : null}
            <ul>
              {group.files.map((file) => {
                const isOpen = file.path === openPath
                const isDirty = isOpen && dirty
                return (
                  <li key={file.path} className={isOpen ? 'rw-file rw-file--open' : 'rw-file'}>
                    <button
                      type="button"
                      className="rw-file__name"
                      data-testid={`file-${file.path}`}
                      data-open={isOpen}
                      data-dirty={isDirty}
                      aria-current={isOpen ? 'true' : undefined}
                      title={
                        file.tooLarge
                          ? `${file.path}: ${(file.size / 1024 / 1024).toFixed(1)} MB, too large to open in the designer`
                          : file.path
                      }
                      disabled={file.tooLarge === true}
                      onClick={() => {
                        if (!isOpen) void session.open(file.path)
                      }}
                    >
                      {isDirty ? <span className="rw-dirty-dot" title="Unsaved changes" /> : null}
                      <span className="rw-file__label">{baseName(file.path)}</span>
                      {folderOf(file.path) ? (
                        <span className="rw-file__folder">{folderOf(file.path)}</span>
                      ) : null}
                      {file.tooLarge ? <span className="rw-file__folder">too large</span> : null}
                    </button>
                    <span className="rw-file__actions" data-testid={`file-actions-${file.path}`}>
                      <button
                        type="button"
                        title="Rename"
                        aria-label={`Rename ${file.path}`}
                        data-testid={`file-rename-${file.path}`}
                        onClick={() => setPending({ kind: 'rename', path: file.path })}
                      >
                        <FileActionIcon action="rename" />
                      </button>
                      <button
                        type="button"
                        title="Duplicate"
                        aria-label={`Duplicate ${file.path}`}
                        data-testid={`file-duplicate-${file.path}`}
                        onClick={() => setPending({ kind: 'duplicate', path: file.path })}
                      >
                        <FileActionIcon action="duplicate" />
                      </button>
                      <button
                        type="button"
                        title="Delete"
                        aria-label={`Delete ${file.path}`}
                        data-testid={`file-delete-${file.path}`}
                        onClick={() => setPending({ kind: 'delete', path: file.path })}
                      >
                        <FileActionIcon action="delete" />
                      </button>
                    </span>
                  </li>
                )
              })}
            </ul>
          </section>
        ),
      )}
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
            if (pending.kind === 'rename') void session.rename(pending.path, name)
            else void session.duplicate(pending.path, name)
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
