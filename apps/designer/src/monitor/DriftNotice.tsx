// Several serve processes on one Redis: the one this view follows runs a workspace other than the version the
// cluster routes on (serve's workspace-drift). Shown while it lasts, with serve's own words on what to do.
import type { WorkspaceDriftView } from './monitor-types.ts'

export function DriftNotice({ drift }: { drift: WorkspaceDriftView | null }) {
  if (!drift) return null
  return (
    <p className="rw-mon__warning" role="status" data-testid="monitor-drift">
      <strong>Workspace differs from the cluster's version.</strong> {drift.warning}{' '}
      <span className="rw-mon__meta">
        (routing on {drift.current.slice(0, 12)}, this process's files {drift.workspace.slice(0, 12)})
      </span>
    </p>
  )
}
