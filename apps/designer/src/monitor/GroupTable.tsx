// The Monitor's group table: per group (the directory's) its agents by state as serve counts them, the interactions
// waiting for it (`group:<id>`), and its entered and overflow out over serve's window, moved live by `monitor-live`.
// Ten columns: it spans the panel's width and takes the queue table's tight cells, so it fits a 1,280 px laptop's
// bottom panel (about 690 px) without scrolling sideways. Narrower (a 1,024 px window's panel, about 440 px) entered
// and overflow out fold into a line under each group's row (monitor.css).
//
// A group a directory reload added shows from the first live event that names it (data-pending), its agents by state
// as "–" until serve's next snapshot counts them.
//
// data-testid: monitor-groups, monitor-group-<id> (cells monitor-group-<id>-<bucket|waiting|entered|overflowOut>),
// monitor-group-<id>-folded (entered and overflow out as a line), monitor-groups-waiting-rule (how Waiting counts)
import { Fragment } from 'react'
import { EnteredCells, EnteredHeads } from '../reports/FigureCells.tsx'
import { BUCKETS } from './AgentGrid.tsx'
import { FoldedFigures } from './FoldedFigures.tsx'
import type { GroupRow } from './live-model.ts'

/** How the Waiting column counts: as the queue table's (QueueTable's WAITING_RULE), by group. */
const GROUP_WAITING_RULE =
  'A caller waiting for several groups counts in each of their rows: the rows can add up to more than the callers waiting.'

/** Says why a new group's agent cells are empty. */
const PENDING_TITLE = 'New in serve’s directory: its agents by state show at the next snapshot'
/** Group, the agent buckets, Waiting, Entered and Overflow out: the folded line spans them all. */
const COLUMNS = BUCKETS.length + 4

export function GroupTable({
  groups,
  span,
}: {
  groups: readonly GroupRow[]
  /** When entered and overflow out count: "in the last 15 min", or "since 23:10:05" in a partial window. */
  span: string
}) {
  return (
    <>
      <table className="rw-figures rw-mon__tight rw-mon__group-table" data-testid="monitor-groups">
        <caption>Groups: agents by state now; entered and overflow out {span}</caption>
        <thead>
          <tr>
            <th>Group</th>
            {BUCKETS.map(([key, label]) => (
              <th key={key}>{label}</th>
            ))}
            <th title={GROUP_WAITING_RULE}>Waiting</th>
            <EnteredHeads />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <Fragment key={g.id}>
              <tr
                data-testid={`monitor-group-${g.id}`}
                data-pending={g.agents === null ? 'true' : undefined}
                className={g.agents === null ? 'is-pending' : undefined}
                title={g.agents === null ? PENDING_TITLE : undefined}
              >
                <th scope="row">{g.id}</th>
                {BUCKETS.map(([key]) => (
                  <td key={key} data-testid={`monitor-group-${g.id}-${key}`}>
                    {g.agents === null ? '–' : g.agents[key]}
                  </td>
                ))}
                <td data-testid={`monitor-group-${g.id}-waiting`}>{g.waiting}</td>
                <EnteredCells testId={`monitor-group-${g.id}`} figures={g} />
              </tr>
              <tr className="rw-mon__folded-row">
                <td colSpan={COLUMNS}>
                  <FoldedFigures
                    testId={`monitor-group-${g.id}-folded`}
                    figures={[
                      ['Entered', g.entered ?? '-'],
                      ['Overflow out', g.overflowOut ?? '-'],
                    ]}
                  />
                </td>
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
      {groups.length > 0 && (
        <p className="rw-mon__meta rw-mon__rule" data-testid="monitor-groups-waiting-rule">
          Waiting: {GROUP_WAITING_RULE}
        </p>
      )}
    </>
  )
}
