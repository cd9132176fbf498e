// The figures a narrow Monitor (a 1,024 px window's bottom panel) folds out of their columns, as one line under the
// row they belong to: "Offered 3 · Answered 2 · ASA 4.0 s". Hidden while the columns show (monitor.css).
import { Fragment } from 'react'

export function FoldedFigures({
  testId,
  figures,
}: {
  testId: string
  /** [label, value shown] in column order. */
  figures: ReadonlyArray<readonly [string, string | number]>
}) {
  return (
    <span className="rw-mon__folded" data-testid={testId}>
      {figures.map(([label, value], i) => (
        <Fragment key={label}>
          {i > 0 && ' · '}
          {/* a figure keeps its label beside it: the line wraps between figures */}
          <span>
            {label} {value}
          </span>
        </Fragment>
      ))}
    </span>
  )
}
