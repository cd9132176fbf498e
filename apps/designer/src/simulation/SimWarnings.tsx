// What the runtime found about each run's traffic (RW490-RW493): a day no contact of which could reach an agent says
// why here, instead of a table of abandons.
import type { SimRun } from './sim-job.ts'

/** Each run's traffic findings, labelled with the run when there are several; nothing when there are none. */
export function SimWarnings({ runs }: { runs: readonly SimRun[] }) {
  const items = runs.flatMap((run) =>
    run.result.warnings.map((w) => ({
      run: run.label,
      ...w,
      key: `${run.label}/${w.code}/${w.path.join('.')}`,
    })),
  )
  if (items.length === 0) return null
  return (
    <ul className="rw-sim__warnings" data-testid="sim-warnings">
      {items.map((w) => (
        <li key={w.key} data-severity={w.severity}>
          <strong>
            {w.severity} {w.code}
          </strong>
          {runs.length > 1 ? ` (${w.run})` : ''}: {w.message}
        </li>
      ))}
    </ul>
  )
}
