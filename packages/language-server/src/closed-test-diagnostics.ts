// The Problems of test files no editor shows (their last run's results, test-results.ts): checked again, debounced,
// once what they were computed from changes (the file's text on disk, its strategy's text, which strategy it tests),
// sent only when they differ, and cleared when the file is gone.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node'
import { type Timer, ValidationScheduler } from './debounce.ts'
import type { Project, ProjectFile } from './project.ts'

export interface ClosedTestDiagnosticsHost {
  project: () => Project
  toPath: (uri: string) => string
  /** Whether an editor shows `uri` (its own publish covers it then). */
  isOpen: (uri: string) => boolean
  /** What the Problems view shows for a closed test file: its kept run results. */
  diagnosticsFor: (uri: string) => LspDiagnostic[]
  send: (uri: string, diagnostics: LspDiagnostic[]) => void
  delayMs: number
  timer?: Timer
}

/** What a closed file's diagnostics were last sent from: the same entries mean the same diagnostics. */
interface Sent {
  entry: ProjectFile | undefined
  owner: ProjectFile | undefined
  key: string
}

/** The one key the recheck is scheduled under (the scheduler debounces per key). */
const RECHECK = 'closed test files'

export function createClosedTestDiagnostics(host: ClosedTestDiagnosticsHost) {
  /** Closed files whose last send was not empty: those are the ones the Problems view lists. */
  const sent = new Map<string, Sent>()
  let version = 0
  // the validation scheduler's debounce: a burst of file events (a git checkout) or of keystrokes checks once
  const scheduler = new ValidationScheduler(() => recheck(), host.delayMs, host.timer)

  const basisOf = (uri: string): Omit<Sent, 'key'> => {
    const entry = host.project().get(host.toPath(uri))
    return { entry, owner: entry && host.project().ownerOf(entry) }
  }

  const record = (uri: string, diagnostics: LspDiagnostic[]): void => {
    if (diagnostics.length === 0) sent.delete(uri)
    else sent.set(uri, { ...basisOf(uri), key: JSON.stringify(diagnostics) })
  }

  /** Sends a closed file's diagnostics now (it was just closed, or run while closed). */
  function publish(uri: string): void {
    const diagnostics = host.diagnosticsFor(uri)
    host.send(uri, diagnostics)
    record(uri, diagnostics)
  }

  /** Each closed file sent before whose basis changed: sent again when its diagnostics differ (empty once gone). */
  function recheck(): void {
    for (const [uri, last] of [...sent]) {
      if (host.isOpen(uri)) {
        sent.delete(uri)
        continue
      }
      const now = basisOf(uri)
      if (now.entry === last.entry && now.owner === last.owner) continue
      const diagnostics = host.diagnosticsFor(uri)
      const key = JSON.stringify(diagnostics)
      if (key !== last.key) host.send(uri, diagnostics)
      if (diagnostics.length === 0) sent.delete(uri)
      else sent.set(uri, { ...now, key })
    }
  }

  return {
    publish,
    /** Something the project holds changed: the closed files are checked once the changes pause. */
    changed: () => {
      if (sent.size > 0) scheduler.changed(RECHECK, ++version)
    },
    /** An editor opened `uri`: its publishes are the open document's now. */
    opened: (uri: string) => {
      sent.delete(uri)
    },
    setDelay: (ms: number) => scheduler.setDelay(ms),
    dispose: () => scheduler.dispose(),
  }
}

export type ClosedTestDiagnostics = ReturnType<typeof createClosedTestDiagnostics>
