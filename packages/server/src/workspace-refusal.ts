// A workspace on disk that no longer validates is refused by every reload and keeps the running version, but the
// next restart refuses to start on it: /readyz and /healthz show the refusal meanwhile (since when, how many errors,
// the first), so monitoring sees it before a restart shrinks the cluster.
import { type Diagnostic, formatDiagnostic } from '@routewright/strategy-dsl'

/** /readyz's and /healthz's `workspaceRefused`. */
export interface WorkspaceRefusalView {
  /** When the files on disk were first refused (ISO 8601); unchanged while later reloads are refused too. */
  since: string
  errors: number
  /** The first error as `file:line:col CODE message`. */
  first?: string
  /** What happens and what to do. */
  note: string
}

const NOTE =
  'The workspace on disk does not validate: this process routes on the version it loaded before, and a restart ' +
  'would refuse to start. Fix the files (routewright validate) or restore the last good ones'

export interface WorkspaceRefusal {
  refused(errors: readonly Diagnostic[]): void
  /** The files on disk validate again (a reload applied or found them unchanged). */
  accepted(): void
  view(): WorkspaceRefusalView | undefined
}

export function createWorkspaceRefusal(now: () => number): WorkspaceRefusal {
  let state: WorkspaceRefusalView | undefined
  return {
    refused(errors) {
      const first = errors[0]
      state = {
        since: state?.since ?? new Date(now()).toISOString(),
        errors: errors.length,
        ...(first ? { first: formatDiagnostic(first) } : {}),
        note: NOTE,
      }
    },
    accepted() {
      state = undefined
    },
    view: () => state,
  }
}
