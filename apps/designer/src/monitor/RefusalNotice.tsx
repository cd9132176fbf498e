// serve refused a workspace change (it does not validate): the running version stays. Shows the errors that stopped
// it and, beside them, the entries its walk skipped as not regular files, each with where, code and what to do.

import { clockTime } from '../core/time-format.ts'
import type { RefusalRow, ReloadRefusal } from './reload-refusal.ts'

function Rows({ rows, more, testId }: { rows: RefusalRow[]; more: number; testId: string }) {
  return (
    <ul className="rw-mon__refusal-rows" data-testid={testId}>
      {rows.map((row, i) => (
        // serve's order is the key: two findings may share file and code
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are replaced whole, never reordered
        <li key={i}>
          <code>{row.file || '(workspace)'}</code> <strong>{row.code}</strong> {row.message}
        </li>
      ))}
      {more > 0 && <li className="rw-mon__meta">and {more.toLocaleString('en-US')} more</li>}
    </ul>
  )
}

export function RefusalNotice({ refusal, timeZone }: { refusal: ReloadRefusal | null; timeZone?: string }) {
  if (!refusal) return null
  const errors = refusal.errors.length + refusal.moreErrors
  return (
    <div className="rw-mon__warning" role="status" data-testid="monitor-refusal" data-at={refusal.at}>
      <p>
        <strong>Workspace change refused</strong> at{' '}
        <time dateTime={new Date(refusal.at).toISOString()}>{clockTime(refusal.at, timeZone)}</time>:{' '}
        {errors === 1 ? '1 error' : `${errors.toLocaleString('en-US')} errors`}; the running version stays.
      </p>
      <Rows rows={refusal.errors} more={refusal.moreErrors} testId="monitor-refusal-errors" />
      {refusal.skipped.length > 0 && (
        <>
          <p>Beside them, entries named like documents that are not regular files, skipped:</p>
          <Rows rows={refusal.skipped} more={refusal.moreSkipped} testId="monitor-refusal-skipped" />
        </>
      )}
    </div>
  )
}
