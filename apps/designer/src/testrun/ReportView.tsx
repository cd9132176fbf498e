// Pass or fail, and for a failure what was expected against what happened.

import { formatNodePath } from '@routewright/strategy-dsl'
import type { ScenarioReport } from './run.ts'
import { formatValue } from './trace-steps.ts'

export function ResultSummary({ report }: { report: ScenarioReport }) {
  const { result } = report
  return (
    <div
      className={
        report.passed
          ? 'rw-testrun__result rw-testrun__result--pass'
          : 'rw-testrun__result rw-testrun__result--fail'
      }
      data-testid="testrun-result"
      data-outcome={result.outcome}
      data-passed={String(report.passed)}
    >
      <strong>{report.passed ? 'Passed' : 'Failed'}</strong>: {result.outcome}
      {result.agent ? ` to ${result.agent}` : ''}
      {result.target ? ` via ${result.target}` : ''} · path {formatNodePath(result.path, { empty: '—' })}
      {result.treatments.length ? ` · treatments ${result.treatments.join(', ')}` : ''}
      <Failures report={report} />
    </div>
  )
}

function Failures({ report }: { report: ScenarioReport }) {
  if (report.failures.length === 0) return null
  return (
    <table className="rw-testrun__failures">
      <thead>
        <tr>
          <th>Field</th>
          <th>Expected</th>
          <th>Actual</th>
        </tr>
      </thead>
      <tbody>
        {report.failures.map((f) => (
          <tr key={`${f.field}:${f.message}`} data-testid="testrun-failure" title={f.message}>
            <td>{f.field}</td>
            <td>{formatValue(f.expected)}</td>
            <td>{formatValue(f.actual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ReportView({ scenarios }: { scenarios: readonly ScenarioReport[] }) {
  const passed = scenarios.filter((s) => s.passed).length
  return (
    <div className="rw-testrun__report" data-testid="testrun-report">
      <h3>
        {passed} of {scenarios.length} scenarios passed
      </h3>
      <ol>
        {scenarios.map((s, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: scenarios are positional in the test file; names may repeat
            key={`${index}:${s.name}`}
            data-testid={`testrun-report-${index}`}
            data-passed={String(s.passed)}
          >
            <span className={s.passed ? 'rw-pass' : 'rw-fail'}>{s.passed ? '✔' : '✘'}</span> {s.name}
            {s.passed ? null : <Failures report={s} />}
          </li>
        ))}
      </ol>
    </div>
  )
}
