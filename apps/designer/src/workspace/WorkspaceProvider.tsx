// Creates the workspace session for the page and shares it with the file list, the save bar and the test run.
import { documentKindOf } from '@routewright/strategy-dsl'
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import { createWorkspaceClient } from '../api/client.ts'
import { flushPendingEdits } from '../code/pending-edits.ts'
import { afterNextPaint } from '../core/after-paint.ts'
import { useEditorStore } from '../hooks/useEditor.ts'
import { adaptWorkspaceClient, type WorkspaceClientLike } from './client-types.ts'
import { formatByKind, loadStrategyContext } from './documents.ts'
import { createDraftStore, type DraftStore } from './drafts.ts'
import { urlWithOpenFile } from './open-file-url.ts'
import { createWorkspaceSession, type WorkspaceSession, type WorkspaceState } from './session.ts'

interface WorkspaceContextValue {
  session: WorkspaceSession
  client: WorkspaceClientLike
}

const WorkspaceContext = createContext<WorkspaceContextValue | undefined>(undefined)
const LAST_OPEN_KEY = 'routewright.last-open'
const TAB_KEY = 'routewright.tab'

/** This tab's id for its drafts: kept in sessionStorage, so the same across the tab's reloads, not shared with others. */
function tabId(): string {
  const known = sessionStorage.getItem(TAB_KEY)
  if (known) return known
  // getRandomValues, not randomUUID: a designer served on another --host over http is not a secure context
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  sessionStorage.setItem(TAB_KEY, id)
  return id
}

/** Wrap the designer in this (inside the editor store's provider); `client` defaults to this page's server. */
export function WorkspaceProvider({
  client,
  children,
}: {
  client?: WorkspaceClientLike
  children: ReactNode
}) {
  const store = useEditorStore()
  const [value] = useState<WorkspaceContextValue>(() => {
    const workspaceClient = client ?? adaptWorkspaceClient(createWorkspaceClient(window.location.origin))
    // the workspace is known once the session has listed it, before any file opens
    const drafts = createDraftStore(window.localStorage, tabId(), () => session.getState().workspace)
    const session = createWorkspaceSession({
      client: workspaceClient,
      store,
      drafts,
      now: () => Date.now(),
      format: formatByKind,
      flushEdits: () => flushPendingEdits(store),
      async loadContext(path, files, forNewFile = false) {
        const kind = documentKindOf(path)
        if (kind !== 'strategy' && kind !== 'test') return
        // the open file is drawn first: reading and parsing its neighbours waits until that frame is painted
        if (!forNewFile) await new Promise<void>((resolve) => afterNextPaint(resolve))
        // a file the user has left since needs nothing; a file about to be made needs its directory now
        if (!forNewFile && store.getState().file !== path) return
        // a test file is checked against its strategy as the user sees it: with the unsaved rename it was edited for
        const context = await loadStrategyContext(
          kind === 'test' ? { read: (file) => readSeen(workspaceClient, drafts, file) } : workspaceClient,
          path,
          files,
        )
        if (!forNewFile && store.getState().file !== path) return
        store.setContext({
          ...(context.directory ? { directory: context.directory } : {}),
          strategies: context.strategies,
          strategyFiles: context.strategyFiles,
          brokenStrategies: context.brokenStrategies,
        })
      },
    })
    return { session, client: workspaceClient }
  })

  useEffect(() => {
    const { session } = value
    let cancelled = false
    void session.start().then(() => {
      if (cancelled) return
      const files = session.getState().files
      // ?file= wins (links, tests); then the file open before the reload; then the first strategy
      const wanted =
        new URLSearchParams(window.location.search).get('file') ?? localStorage.getItem(LAST_OPEN_KEY)
      const first = files.find((f) => f.path === wanted) ?? files.find((f) => f.kind === 'strategy')
      if (first) void session.openAtStart(first.path)
    })
    const unsubscribe = session.subscribe((s) => {
      if (!s.open) return
      localStorage.setItem(LAST_OPEN_KEY, s.open.path)
      // a stale ?file= would win over the file opened since: a reload went back to the first file of the session
      const href = urlWithOpenFile(window.location.href, s.open.path)
      if (href !== window.location.href) history.replaceState(history.state, '', href)
    })
    return () => {
      cancelled = true
      unsubscribe()
      session.destroy()
    }
  }, [value])

  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>
}

/** A file's unsaved text (this tab's draft or one a closed tab left), else what is on disk. */
async function readSeen(
  client: WorkspaceClientLike,
  drafts: DraftStore,
  path: string,
): Promise<{ text: string }> {
  return drafts.peek(path) ?? (await client.read(path))
}

export function useWorkspaceSession(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext)
  if (!value) throw new Error('useWorkspaceSession must be used inside <WorkspaceProvider>')
  return value
}

/** A slice of the workspace state; re-renders when the selected value changes by identity. */
export function useWorkspace<T>(selector: (state: WorkspaceState) => T): T {
  const { session } = useWorkspaceSession()
  return useSyncExternalStore(
    session.subscribe,
    () => selector(session.getState()),
    () => selector(session.getState()),
  )
}
