// The Monitor's group table: per group (the directory's) its agents by state as serve counts them, the interactions
// waiting for it (`group:<id>`), and its entered and overflow out over serve's window, moved live by `monitor-live`.
// Ten columns: it spans the panel's width and takes the queue table's tight cells, so it fits a 1,280 px laptop's
// bottom panel (about 690 px) without scrolling sideways.
//
// data-testid: monitor-groups, monitor-group-<id> (cells monitor-group-<id>-<bucket|waiting|entered|overflowOut>)
import { EnteredCells, EnteredHeads } from '../reports/FigureCells.tsx'
import { BUCKETS } from './AgentGrid.tsx'
import type { GroupFigures } from './monitor-types.ts'

export function GroupTable({ groups, minutes }: { groups: readonly GroupFigures[]; minutes: number }) {
  return (
    <table className="rw-figures rw-mon__tight" data-testid="monitor-groups">
      <caption>Groups: agents by state now; entered and overflow out in the last {minutes} min</caption>
      <thead>
        <tr>
          <th>Group</th>
          {BUCKETS.map(([key, label]) => (
            <th key={key}>{label}</th>
          ))}
          <th>Waiting</th>
          <EnteredHeads />
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.id} data-testid={`monitor-group-${g.id}`}>
            <th scope="row">{g.id}</th>
            {BUCKETS.map(([key]) => (
              <td key={key} data-testid={`monitor-group-${g.id}-${key}`}>
                {g.agents[key]}
              </td>
            ))}
            <td data-testid={`monitor-group-${g.id}-waiting`}>{g.waiting}</td>
            <EnteredCells testId={`monitor-group-${g.id}`} figures={g} />
          </tr>
        ))}
      </tbody>
    </table>
  )
}
