// What one step of a run did: the values it computed and, for a target selection, the ranked candidates.
import type { Explanation } from '@routewright/strategy-runtime'
import { formatValue, type TraceStep } from './trace-steps.ts'

export function StepDetails({ step }: { step: TraceStep }) {
  const values = Object.entries(step.values)
  return (
    <div className="rw-testrun__details">
      <h3>
        {step.node}
        {step.exit ? ` → ${step.exit}` : ''}
      </h3>
      {step.error ? (
        <p className="rw-fail" role="alert">
          {step.error}
        </p>
      ) : null}
      <table className="rw-testrun__values" data-testid="testrun-values">
        <tbody>
          {values.length === 0 ? (
            <tr>
              <td colSpan={2}>No values computed at this node.</td>
            </tr>
          ) : (
            values.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{formatValue(value)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {step.explanation ? <Candidates explanation={step.explanation} /> : null}
    </div>
  )
}

function Candidates({ explanation }: { explanation: Explanation }) {
  const statNames = [...new Set(explanation.candidates.flatMap((c) => Object.keys(c.values)))]
  // eligible candidates by rank first, then the excluded ones with their reason
  const rows = [...explanation.candidates].sort(
    (a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY),
  )
  return (
    <div className="rw-testrun__selection">
      <p data-testid="testrun-reason">
        <strong>Rule:</strong> {explanation.rule}.{' '}
        {explanation.winner ? <strong>Winner: {explanation.winner}. </strong> : null}
        {explanation.reason}
      </p>
      <table className="rw-testrun__candidates" data-testid="testrun-candidates">
        <thead>
          <tr>
            <th>Rank</th>
            <th>Agent</th>
            <th>Target</th>
            {statNames.map((n) => (
              <th key={n}>{n}</th>
            ))}
            <th>Excluded</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr
              key={`${c.agent}@${c.target}`}
              data-testid={`testrun-candidate-${c.agent}`}
              className={
                c.agent === explanation.winner
                  ? 'rw-testrun__winner'
                  : c.excluded
                    ? 'rw-testrun__excluded'
                    : undefined
              }
            >
              <td>{c.rank ?? '—'}</td>
              <td>{c.agent}</td>
              <td>{c.target}</td>
              {statNames.map((n) => (
                <td key={n}>{c.values[n] === undefined ? '—' : round(c.values[n])}</td>
              ))}
              <td>{c.excluded ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}
