// Pass or fail, and for a failure what was expected against what happened.

import { formatNodePath } from '@routewright/strategy-dsl'
import { firstDifference, isChipList } from './failure-view.ts'
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
  // stacked, expected above actual: side by side in a table the actual value ran off a 1,440 px panel
  return (
    <ul className="rw-testrun__failures">
      {report.failures.map((f) => (
        <li
          key={`${f.field}:${f.message}`}
          data-testid="testrun-failure"
          data-field={f.field}
          title={f.message}
        >
          <FailureValues field={f.field} expected={f.expected} actual={f.actual} />
        </li>
      ))}
    </ul>
  )
}

function FailureValues({ field, expected, actual }: { field: string; expected: unknown; actual: unknown }) {
  const lists = isChipList(expected) && (actual === undefined || isChipList(actual))
  const at = lists ? firstDifference(expected, actual ?? []) : -1
  return (
    <>
      <span className="rw-testrun__failure-field">
        {field}
        {at >= 0 ? (
          <span className="rw-testrun__failure-at" data-testid="testrun-failure-at">
            {' '}
            differs at step {at + 1}
          </span>
        ) : null}
      </span>
      <dl className="rw-testrun__failure-values">
        <dt>Expected</dt>
        <dd data-testid="testrun-expected">
          {lists ? <Chips items={expected} at={at} /> : formatValue(expected)}
        </dd>
        <dt>Actual</dt>
        <dd data-testid="testrun-actual">
          {lists ? <Chips items={actual ?? []} at={at} /> : formatValue(actual)}
        </dd>
      </dl>
    </>
  )
}

/** The steps as chips; from the first difference on they are marked, the first of them most. */
function Chips({ items, at }: { items: readonly (string | number | boolean)[]; at: number }) {
  if (items.length === 0) return <span className="rw-testrun__chips-empty">(nothing)</span>
  return (
    <ol className="rw-testrun__chips">
      {items.map((item, index) => {
        const differs = at >= 0 && index >= at
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional and may repeat (a loop)
            key={index}
            className={
              index === at
                ? 'rw-testrun__chip rw-testrun__chip--differs rw-testrun__chip--first'
                : differs
                  ? 'rw-testrun__chip rw-testrun__chip--differs'
                  : 'rw-testrun__chip'
            }
            data-differs={differs ? (index === at ? 'first' : 'after') : undefined}
          >
            {String(item)}
          </li>
        )
      })}
    </ol>
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
            <span className={s.passed ? 'rw-pass' : 'rw-fail'}>{s.passed ? '✔' : '✘'}</span>{' '}
            <span className="rw-testrun__report-name">{s.name}</span>
            {s.passed ? null : <Failures report={s} />}
          </li>
        ))}
      </ol>
    </div>
  )
}
