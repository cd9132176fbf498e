// A link on a subroutine or route node to the strategy it names: opens that file from the workspace. A short
// "Open ↗" at the card's right edge (its name says which strategy): spelt out, it filled the card's centre, where a
// click meant to select the node opened the other file.
import { baseName } from '../workspace/files.ts'
import { useWorkspace, useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'

export function StrategyLink({ strategy }: { strategy: string }) {
  const { session } = useWorkspaceSession()
  // files are named after their strategy id (`<id>.strategy.yaml`), as the designer creates them
  const path = useWorkspace(
    (s) => s.files.find((f) => f.kind === 'strategy' && baseName(f.path) === strategy)?.path,
  )
  if (path === undefined) {
    return (
      <span
        className="rw-node__link is-missing"
        title={`No file for strategy "${strategy}" in this workspace`}
      >
        {strategy} (not in workspace)
      </span>
    )
  }
  return (
    <button
      type="button"
      className="rw-node__link nodrag"
      data-testid={`strategy-link-${strategy}`}
      title={`Open ${path}`}
      aria-label={`Open ${strategy}`}
      onClick={(event) => {
        event.stopPropagation()
        void session.open(path)
      }}
    >
      Open ↗
    </button>
  )
}
