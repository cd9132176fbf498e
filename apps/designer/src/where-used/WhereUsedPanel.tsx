// "Where used": every use of a name across the workspace's strategies, directories and tests; clicking one opens
// its file at the node (and at the name itself in the code view). The inspector asks through `whereUsedQuery`.
import {
  formatPath,
  formatPlace,
  type ReferenceKind,
  type Use,
  type WhereUsed,
} from '@routewright/strategy-dsl'
import { memo, useEffect, useState, useSyncExternalStore } from 'react'
import { useEditorStore } from '../hooks/useEditor.ts'
import { useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'
import { findUses, whereUsedQuery } from './where-used-query.ts'

// `documents`: the files the designer opens (serve's alarms.yaml is listed among the uses but edited elsewhere)
type Answer = { found: WhereUsed; skipped: string[]; documents: Set<string> } | { error: string } | undefined

function where(use: Use): string {
  return formatPlace(use.file, use.range)
}

export const WhereUsedPanel = memo(function WhereUsedPanel() {
  const store = useEditorStore()
  const { session, client } = useWorkspaceSession()
  const query = useSyncExternalStore(whereUsedQuery.subscribe, whereUsedQuery.get)
  const [name, setName] = useState(query?.name ?? '')
  const [answer, setAnswer] = useState<Answer>()

  useEffect(() => {
    if (!query) return
    setName(query.name)
    let cancelled = false
    const state = session.getState()
    const open = state.open ? { path: state.open.path, text: store.getState().text } : undefined
    findUses(client, state.files, open, query).then(
      (result) => !cancelled && setAnswer({ ...result, documents: new Set(state.files.map((f) => f.path)) }),
      (error: unknown) =>
        !cancelled && setAnswer({ error: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [query, session, client, store])

  async function openUse(use: Use) {
    if (session.getState().open?.path !== use.file) await session.open(use.file)
    if (session.getState().open?.path !== use.file) return
    if (use.node !== undefined && store.getState().document?.nodes[use.node]) store.focusNode(use.node)
    if (use.range) store.revealAt(use.range.start.line, use.range.start.column)
  }

  const kind: ReferenceKind | undefined = query?.name === name.trim() ? query.kind : undefined
  return (
    <section className="rw-problems" aria-label="Where used">
      <form
        className="rw-problems__header rw-where-used__form"
        onSubmit={(event) => {
          event.preventDefault()
          if (name.trim() !== '') whereUsedQuery.ask(name.trim(), kind)
        }}
      >
        <input
          className="rw-input"
          data-testid="where-used-input"
          aria-label="Name to look for"
          // short enough to read whole in the 1,024 px window's panel (the full list was cut); the title has it all
          placeholder="group, skill, strategy#node, variable…"
          title="Look for a group, queue, skill, strategy, strategy#node, variable or prompt"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="rw-button" data-testid="where-used-find">
          Find uses
        </button>
        {answer && 'found' in answer && (
          <span data-testid="where-used-count">
            {answer.found.uses.length} use{answer.found.uses.length === 1 ? '' : 's'} of {answer.found.name}
            {query?.kind ? ` (${query.kind})` : ''}
          </span>
        )}
      </form>
      {answer && 'error' in answer && (
        <p className="rw-problems__none">Could not read the workspace: {answer.error}</p>
      )}
      {answer && 'found' in answer && (
        <ul className="rw-problems__list" data-testid="where-used">
          {answer.found.uses.length === 0 && (
            <li className="rw-problems__none" data-testid="where-used-none">
              {answer.found.declarations.length > 0
                ? `"${answer.found.name}" is declared but not used anywhere.`
                : `Nothing in the workspace is named "${answer.found.name}".`}
              {answer.found.suggestion ? ` Did you mean "${answer.found.suggestion}"?` : ''}
            </li>
          )}
          {answer.found.uses.map((use) => (
            <li
              key={`${use.file}:${use.path.join('.')}:${use.use}:${use.range?.start.offset ?? ''}`}
              className="rw-problems__item"
            >
              <button
                type="button"
                className="rw-problem rw-problem--use"
                data-testid="where-used-item"
                data-file={use.file}
                data-node={use.node ?? ''}
                disabled={!answer.documents.has(use.file)}
                title={
                  answer.documents.has(use.file)
                    ? undefined
                    : `${use.file} is read by routewright serve; edit it in a text editor`
                }
                onClick={() => void openUse(use)}
              >
                <span className="rw-problem__code">{use.kind}</span>
                <span className="rw-problem__message">
                  {use.node !== undefined ? `${use.strategy} › ${use.node}: ` : ''}
                  {use.use}
                </span>
                <span className="rw-problem__where">
                  {where(use)} {formatPath(use.node !== undefined ? use.path.slice(2) : use.path)}
                </span>
              </button>
            </li>
          ))}
          {answer.skipped.map((file) => (
            <li key={file} className="rw-problems__none">
              {file} was left out: it does not parse.
            </li>
          ))}
        </ul>
      )}
    </section>
  )
})
