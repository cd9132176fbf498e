// The workspace's files as one listbox: a single Tab stop (roving focus), arrows/Home/End move, Enter opens, F2
// renames, Delete asks to delete, Shift+F10 or the menu key (or a right click) opens the file's action menu.
// test ids: file-list, file-<path> (the row, role option, data-dirty/data-open), file-actions-<path>,
//   file-rename-<path>, file-duplicate-<path>, file-delete-<path> (mouse buttons, shown on hover/focus), file-menu-*.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { FileActionIcon } from './FileActionIcon.tsx'
import { FileMenu, type FileMenuAction } from './FileMenu.tsx'
import { fileListKeyAction } from './file-list-keys.ts'
import { baseName, type FileGroup, folderOf, isReadable, tooLargeTitle } from './files.ts'

export type FileRequest = 'rename' | 'duplicate' | 'delete'

export interface FileListProps {
  groups: readonly FileGroup[]
  openPath: string | undefined
  dirty: boolean
  /** Other files with unsaved changes kept as drafts. */
  drafted: readonly string[]
  onOpen(path: string): void
  onRequest(kind: FileRequest, path: string): void
  /** A row to focus once it is listed (a renamed or new file); a new object asks again for the same path. */
  focusRequest?: { path: string } | undefined
}

export function FileList({
  groups,
  openPath,
  dirty,
  drafted,
  onOpen,
  onRequest,
  focusRequest,
}: FileListProps) {
  const list = useRef<HTMLDivElement>(null)
  // the row last focused, and the file open then: opening another file (+ New, a link) makes that one the stop
  const [focusedAt, setFocusedAt] = useState<{ path: string; open: string | undefined } | undefined>()
  const setFocused = (path: string) => setFocusedAt({ path, open: openPath })
  const focused = focusedAt?.open === openPath ? focusedAt?.path : undefined
  const [menuFor, setMenuFor] = useState<string | undefined>()
  const openable = groups.flatMap((g) => g.files.filter(isReadable).map((f) => f.path))
  // the row that takes the list's one Tab stop: the last focused while this file was open, else the open file, else
  // the first
  const tabStop = [focused, openPath].find((p) => p !== undefined && openable.includes(p)) ?? openable[0]

  const rows = () => [
    ...(list.current?.querySelectorAll<HTMLButtonElement>('[role="option"]:not(:disabled)') ?? []),
  ]
  const focusRow = (path: string) =>
    rows()
      .find((row) => row.dataset.path === path)
      ?.focus()

  // a renamed file's row replaces the focused old one: the keyboard stays on it (once it is listed)
  const served = useRef<object | undefined>(undefined)
  // biome-ignore lint/correctness/useExhaustiveDependencies: groups stands for the rows listed, looked up in the DOM
  useEffect(() => {
    if (focusRequest === undefined || served.current === focusRequest) return
    const row = list.current?.querySelector<HTMLButtonElement>(
      `[data-path="${CSS.escape(focusRequest.path)}"]`,
    )
    if (!row) return
    served.current = focusRequest
    setFocused(focusRequest.path)
    row.focus()
  }, [focusRequest, groups])

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, path: string) {
    const all = rows()
    const action = fileListKeyAction(event, all.indexOf(event.currentTarget), all.length)
    if (action === undefined) return
    // the canvas's window shortcuts must not also move or delete the selected nodes
    event.preventDefault()
    event.stopPropagation()
    if (action.kind === 'focus') all[action.index]?.focus()
    else if (action.kind === 'menu') setMenuFor(path)
    else onRequest(action.kind, path)
  }

  function onMenuAction(path: string, action: FileMenuAction) {
    setMenuFor(undefined)
    // the row has focus again before a dialog opens, so the dialog gives it back when it closes
    focusRow(path)
    if (action === 'open') {
      if (path !== openPath) onOpen(path)
    } else onRequest(action, path)
  }

  return (
    <div
      ref={list}
      role="listbox"
      aria-label="Workspace files"
      data-testid="file-list"
      className="rw-file-list"
    >
      {groups.map((group) =>
        group.files.length === 0 && group.kind !== 'strategy' ? null : (
          // biome-ignore lint/a11y/useSemanticElements: a <fieldset> is for form controls; this is a listbox's group
          <section key={group.kind} className="rw-workspace__group" role="group" aria-label={group.title}>
            <h3 role="presentation">{group.title}</h3>
            {group.files.length === 0 ? <p className="rw-workspace__empty">No strategies yet.</p> : null}
            <ul role="none">
              {group.files.map((file) => {
                const isOpen = file.path === openPath
                const isDirty = isOpen ? dirty : drafted.includes(file.path)
                return (
                  <li key={file.path} role="none" className={isOpen ? 'rw-file rw-file--open' : 'rw-file'}>
                    <button
                      type="button"
                      role="option"
                      aria-selected={isOpen}
                      tabIndex={file.path === tabStop ? 0 : -1}
                      className="rw-file__name"
                      data-testid={`file-${file.path}`}
                      data-path={file.path}
                      data-open={isOpen}
                      data-dirty={isDirty}
                      title={
                        file.tooLarge
                          ? tooLargeTitle(file)
                          : `${file.path} (F2 rename, Delete, Shift+F10 more)`
                      }
                      disabled={!isReadable(file)}
                      onFocus={() => setFocused(file.path)}
                      onKeyDown={(event) => onKeyDown(event, file.path)}
                      onContextMenu={(event) => {
                        event.preventDefault()
                        setMenuFor(file.path)
                      }}
                      onClick={() => {
                        if (!isOpen) onOpen(file.path)
                      }}
                    >
                      {isDirty ? <span className="rw-dirty-dot" title="Unsaved changes" /> : null}
                      <span className="rw-file__label">{baseName(file.path)}</span>
                      {folderOf(file.path) ? (
                        <span className="rw-file__folder">{folderOf(file.path)}</span>
                      ) : null}
                      {file.tooLarge ? <span className="rw-file__folder">too large</span> : null}
                    </button>
                    {/* the mouse's way to the actions, hidden from the listbox's tree: the keyboard's is F2, Delete, the menu */}
                    <span
                      className="rw-file__actions"
                      data-testid={`file-actions-${file.path}`}
                      aria-hidden="true"
                    >
                      {(['rename', 'duplicate', 'delete'] as const).map((action) => (
                        <button
                          key={action}
                          type="button"
                          tabIndex={-1}
                          title={ACTION_TITLES[action]}
                          aria-label={`${ACTION_TITLES[action]} ${file.path}`}
                          data-testid={`file-${action}-${file.path}`}
                          onClick={() => onRequest(action, file.path)}
                        >
                          <FileActionIcon action={action} />
                        </button>
                      ))}
                    </span>
                    {menuFor === file.path ? (
                      <FileMenu
                        path={file.path}
                        anchor={rows().find((row) => row.dataset.path === file.path)}
                        canOpen={isReadable(file)}
                        onAction={(action) => onMenuAction(file.path, action)}
                        onClose={() => {
                          setMenuFor(undefined)
                          focusRow(file.path)
                        }}
                      />
                    ) : null}
                  </li>
                )
              })}
            </ul>
          </section>
        ),
      )}
    </div>
  )
}

const ACTION_TITLES: Record<FileRequest, string> = {
  rename: 'Rename',
  duplicate: 'Duplicate',
  delete: 'Delete',
}
