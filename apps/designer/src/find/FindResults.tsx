// The Find panel's list: the files a replacement changed with their problems, then the matches grouped by file,
// each with line:col, its node and the line with the match marked. Enter or a click opens the match.
// test ids: find-all-check (data-file, data-errors, data-unsaved), find-all-file (data-file), find-all-replace-file,
//   find-all-match (data-file, data-node, data-line), find-all-replace-one, find-all-unreadable.
import { formatPlace } from '@routewright/strategy-dsl'
import type { EditableText } from '../workspace/staged-edits.ts'
import type { FileCheck } from './match-context.ts'
import { matchLine, type TextMatch } from './text-search.ts'
import type { FoundMatch } from './workspace-find.ts'

interface FindResultsProps {
  found: { texts: EditableText[]; matches: FoundMatch[]; unreadable: string[]; truncated: boolean }
  /** False while the list is older than the form's search (being read again, another query): nothing to replace. */
  replaceable: boolean
  checks: readonly FileCheck[]
  /** Whether a changed file still has unsaved changes (its row says "unsaved" until it is saved). */
  unsaved(path: string): boolean
  onOpen(match: FoundMatch): void
  onReplace(matches: readonly TextMatch[]): void
}

function CheckRow({ check, unsaved, onOpen }: { check: FileCheck; unsaved: boolean; onOpen(): void }) {
  const { errors, warnings, firstError } = check
  const verdict =
    errors === 0
      ? `valid${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`
      : `${errors} error${errors === 1 ? '' : 's'}: ${firstError?.message ?? ''}`
  return (
    <li className="rw-problems__item">
      <button
        type="button"
        className={`rw-problem rw-problem--use rw-problem--${errors > 0 ? 'error' : 'info'}`}
        data-testid="find-all-check"
        data-file={check.path}
        data-errors={errors}
        data-unsaved={unsaved}
        onClick={onOpen}
      >
        <span className={`rw-sev rw-sev--${errors > 0 ? 'error' : 'info'}`}>
          {errors > 0 ? 'broken' : 'changed'}
        </span>
        <span className="rw-problem__message">
          {check.path}: {verdict}
        </span>
        <span className="rw-problem__where">
          {firstError?.range ? formatPlace(undefined, firstError.range) : unsaved ? 'unsaved' : 'saved'}
        </span>
      </button>
    </li>
  )
}

export function FindResults({ found, replaceable, checks, unsaved, onOpen, onReplace }: FindResultsProps) {
  const files = found.texts.filter((t) => found.matches.some((m) => m.path === t.path))
  return (
    <ul className="rw-problems__list" data-testid="find-all">
      {checks.map((check) => (
        <CheckRow
          key={`check:${check.path}`}
          check={check}
          unsaved={unsaved(check.path)}
          onOpen={() => {
            const at = check.firstError?.range?.start
            onOpen({
              path: check.path,
              start: 0,
              end: 0,
              line: at?.line ?? 1,
              column: at?.column ?? 1,
              groups: [],
              node: check.firstError?.node,
            })
          }}
        />
      ))}
      {found.unreadable.map((path) => (
        <li key={`unreadable:${path}`} className="rw-problems__none" data-testid="find-all-unreadable">
          {path} could not be read and was not searched.
        </li>
      ))}
      {files.map((file, index) => {
        const matches = found.matches.filter((m) => m.path === file.path)
        // the list stopped in the last file: its matches past the cap are not listed, so not all would be replaced
        const partial = found.truncated && index === files.length - 1
        return (
          <li key={file.path} className="rw-find__group">
            <div className="rw-find__file" data-testid="find-all-file" data-file={file.path}>
              <span className="rw-find__path">{file.path}</span>
              <span className="rw-problem__where">
                {matches.length} match{matches.length === 1 ? '' : 'es'}
              </span>
              <button
                type="button"
                className="rw-button"
                data-testid="find-all-replace-file"
                disabled={partial || !replaceable}
                title={
                  partial ? 'Narrow the search first: not every match in this file is listed' : undefined
                }
                onClick={() => onReplace(matches)}
              >
                Replace all in file
              </button>
            </div>
            <ul className="rw-find__matches">
              {matches.map((match) => {
                const shown = matchLine(file.text, match)
                return (
                  <li key={match.start} className="rw-problems__item">
                    <button
                      type="button"
                      className="rw-problem rw-find__match"
                      data-testid="find-all-match"
                      data-file={match.path}
                      data-node={match.node ?? ''}
                      data-line={match.line}
                      onClick={() => onOpen(match)}
                    >
                      <span className="rw-problem__where">
                        {match.line}:{match.column}
                      </span>
                      <span className="rw-problem__code">{match.node ?? ''}</span>
                      <span className="rw-find__line">
                        {shown.before}
                        <mark>{shown.match}</mark>
                        {shown.after}
                      </span>
                    </button>
                    <button
                      type="button"
                      className="rw-button rw-find__one"
                      data-testid="find-all-replace-one"
                      title="Replace this match"
                      disabled={!replaceable}
                      onClick={() => onReplace([match])}
                    >
                      Replace
                    </button>
                  </li>
                )
              })}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}
