// A job the traffic check refuses (RW490, RW491: no contact of the day could reach an agent, the figures would
// measure nothing): the finding and what to change here, and no run, as `routewright simulate` refuses it.
import type { SimFinding } from './sim-job.ts'

/** What to change in the designer (the CLI's hints name its flags instead), for the media every contact has. */
function changes(media: string): Partial<Record<SimFinding['code'], string>> {
  return {
    RW490: 'Open the strategy to simulate, or compare with a strategy of the workspace.',
    RW491: `The simulated calls are ${media}: pick a media the agents take, or give agents of the directory ${media} in their capacity (capacity: { ${media}: 1 }), then run again.`,
  }
}

/** The refused job's findings, each with its version when there are several and what to change. */
export function SimRefusal({
  findings,
  labelled,
  media,
}: {
  findings: readonly SimFinding[]
  labelled: boolean
  media: string
}) {
  const change = changes(media)
  return (
    <ul className="rw-sim__warnings" data-testid="sim-refusal">
      {findings.map((f) => (
        <li key={`${f.label}/${f.code}/${f.path.join('.')}`} data-severity={f.severity}>
          <strong>
            {f.severity} {f.code}
          </strong>
          {labelled ? ` (${f.label})` : ''}: {f.message}
          {change[f.code] && <span className="rw-sim__change"> {change[f.code]}</span>}
        </li>
      ))}
    </ul>
  )
}
