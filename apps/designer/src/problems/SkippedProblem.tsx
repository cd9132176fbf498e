// One workspace entry the server's walk skipped (RW091) as a row of the Problems panel.
import type { Diagnostic } from '@routewright/strategy-dsl'

/**
 * Shown like a problem but not a button: the entry is a FIFO or a folder, so there is nothing to open, and an
 * attempt would only fail (or, for a FIFO, wait on a pipe). The message carries the fix (node-support's RW091 text).
 */
export function SkippedProblem({ diagnostic }: { diagnostic: Diagnostic }) {
  return (
    <li className="rw-problems__item">
      <div
        className="rw-problem rw-problem--warning rw-problem--skipped"
        data-testid="problem"
        data-code={diagnostic.code}
        data-file={diagnostic.file}
        title="Not a regular file: the designer cannot open it"
      >
        <span className="rw-sev rw-sev--warning">{diagnostic.severity}</span>
        <span className="rw-problem__code">{diagnostic.code}</span>
        <span className="rw-problem__message">
          <span className="rw-problem__file">{diagnostic.file}</span>: {diagnostic.message}
        </span>
      </div>
    </li>
  )
}
