// "Find": free-text find and replace across every document of the workspace (unsaved edits included). Replacing
// stages edits as unsaved changes per file (Save writes them, undo takes them back) and shows the problems of
// each changed file. Replacing acts only on a list that answers the form's search and is not being read again.
// The work is in workspace-find.ts and text-search.ts; this is the form and the list.
// test ids: find-all-input, find-all-replace-input, find-all-case, find-all-word, find-all-regex, find-all-run,
//   find-all-count, find-all-problem, find-all-replace-all, find-all-status, and FindResults.tsx's.
import { memo, useEffect, useRef, useState } from 'react'
import { dslAdapter } from '../core/dsl-adapter.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { usePanelMemory } from '../layout/usePanelMemory.ts'
import { useWorkspace, useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'
import { FindResults } from './FindResults.tsx'
import { FIND_FOCUS, FIND_SEARCH } from './find-tab.ts'
import { replaceSummary } from './replace-summary.ts'
import { MAX_MATCHES, type SearchOptions, type TextMatch } from './text-search.ts'
import {
  type FindAnswer,
  type FoundMatch,
  findInWorkspace,
  type ReplaceOutcome,
  replaceMatches,
  sameSearch,
} from './workspace-find.ts'

type Flag = 'matchCase' | 'wholeWord' | 'regex'
const FLAGS: ReadonlyArray<[Flag, string, string, string]> = [
  ['matchCase', 'Aa', 'Match case', 'find-all-case'],
  ['wholeWord', 'ab', 'Whole word', 'find-all-word'],
  ['regex', '.*', 'Regular expression (RE2)', 'find-all-regex'],
]

const NO_SEARCH = {
  options: { query: '', matchCase: false, wholeWord: false, regex: false },
  replacement: '',
}

export const FindPanel = memo(function FindPanel() {
  const store = useEditorStore()
  const { session } = useWorkspaceSession()
  const [remembered = NO_SEARCH, remember] = usePanelMemory(FIND_SEARCH)
  const [options, setOptions] = useState(remembered.options)
  const [replacement, setReplacement] = useState(remembered.replacement)
  const [answer, setAnswer] = useState<FindAnswer | { error: string }>()
  const [outcome, setOutcome] = useState<ReplaceOutcome>()
  /** A search is reading the files: the list shown is an older answer (another query, texts before a replace). */
  const [searching, setSearching] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const searches = useRef(0)
  const [focus, setFocus] = usePanelMemory(FIND_FOCUS)
  // the files' saved state as the header and file list show it: a changed file saved since says so
  const drafted = useWorkspace((s) => s.drafted)
  const openPath = useWorkspace((s) => s.open?.path)
  const openDirty = useEditor((s) => s.dirty)
  const unsaved = (path: string) => drafted.includes(path) || (path === openPath && openDirty)
  useEffect(() => {
    remember({ options, replacement })
  }, [options, replacement, remember])

  useEffect(() => {
    // only a new request: opening the tab by click or arrow key leaves the focus on the tab strip
    if (focus === undefined || focus.requested <= focus.served) return
    setFocus({ ...focus, served: focus.requested })
    input.current?.select()
  }, [focus, setFocus])

  async function run(next: SearchOptions = options) {
    const id = ++searches.current
    if (next.query === '') {
      setAnswer(undefined)
      setSearching(false)
      return
    }
    setSearching(true)
    try {
      const found = await findInWorkspace(session, next)
      if (id === searches.current) setAnswer(found)
    } catch (error) {
      if (id === searches.current)
        setAnswer({ error: error instanceof Error ? error.message : String(error) })
    } finally {
      if (id === searches.current) setSearching(false)
    }
  }

  // a search shown again after the tab comes back reads the files again: they may have changed meanwhile
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount
  useEffect(() => {
    void run()
  }, [])

  function toggle(flag: Flag) {
    const next = { ...options, [flag]: !options[flag] }
    setOptions(next)
    void run(next)
  }

  function replace(matches: readonly TextMatch[]) {
    if (!current) return
    const done = replaceMatches(session, dslAdapter, current.texts, matches, replacement, options.regex)
    setOutcome(done)
    void run()
  }

  async function openMatch(match: FoundMatch) {
    if (session.getState().open?.path !== match.path) await session.open(match.path)
    if (session.getState().open?.path !== match.path) return
    if (match.node !== undefined && store.getState().document?.nodes[match.node]) store.focusNode(match.node)
    store.revealAt(match.line, match.column)
  }

  const found = answer && 'ok' in answer && answer.ok ? answer : undefined
  // what Replace acts on: the list as found for the search in the form, once no newer read is under way
  const current = found && !searching && sameSearch(found.options, options) ? found : undefined
  return (
    <section className="rw-problems rw-find" aria-label="Find in the workspace">
      <form
        className="rw-problems__header rw-find__form"
        onSubmit={(event) => {
          event.preventDefault()
          setOutcome(undefined)
          void run()
        }}
      >
        <input
          ref={input}
          className="rw-input"
          data-testid="find-all-input"
          aria-label="Find in every file"
          placeholder="Find in every file (Ctrl+Shift+F)"
          value={options.query}
          onChange={(event) => setOptions({ ...options, query: event.target.value })}
        />
        {FLAGS.map(([flag, text, label, testId]) => (
          <button
            key={flag}
            type="button"
            className={`rw-button rw-find__flag${options[flag] ? ' is-active' : ''}`}
            aria-pressed={options[flag]}
            aria-label={label}
            title={label}
            data-testid={testId}
            onClick={() => toggle(flag)}
          >
            {text}
          </button>
        ))}
        <button type="submit" className="rw-button" data-testid="find-all-run">
          Find
        </button>
        <input
          className="rw-input"
          data-testid="find-all-replace-input"
          aria-label="Replace with"
          placeholder={options.regex ? 'Replace with ($1 for a group)' : 'Replace with'}
          value={replacement}
          onChange={(event) => setReplacement(event.target.value)}
        />
        <button
          type="button"
          className="rw-button"
          data-testid="find-all-replace-all"
          disabled={!current || current.matches.length === 0 || current.truncated}
          title={replaceAllTitle(found, current, searching)}
          onClick={() => current && replace(current.matches)}
        >
          Replace all
        </button>
        {found && (
          <span data-testid="find-all-count" aria-live="polite">
            {searching ? 'Searching...' : countText(found)}
          </span>
        )}
      </form>
      {answer && 'ok' in answer && !answer.ok && (
        <p className="rw-problems__none rw-find__problem" role="alert" data-testid="find-all-problem">
          {answer.problem}
        </p>
      )}
      {answer && 'error' in answer && (
        <p className="rw-problems__none" role="alert">
          Could not read the workspace: {answer.error}
        </p>
      )}
      {outcome && (
        <p className="rw-problems__none" role="status" data-testid="find-all-status">
          {replaceSummary(outcome, unsaved)}
        </p>
      )}
      {found && (
        <FindResults
          found={found}
          replaceable={current !== undefined}
          checks={outcome?.checks ?? []}
          unsaved={unsaved}
          onOpen={(match) => void openMatch(match)}
          onReplace={replace}
        />
      )}
    </section>
  )
})

function replaceAllTitle(
  found: Extract<FindAnswer, { ok: true }> | undefined,
  current: Extract<FindAnswer, { ok: true }> | undefined,
  searching: boolean,
): string {
  if (searching) return 'Searching: the list is being read again'
  if (found && !current) return `Press Enter to search first: the list is for "${found.options.query}"`
  if (current?.truncated) return 'Narrow the search first: not every match is listed'
  return 'Replace every match listed'
}

function countText(found: Extract<FindAnswer, { ok: true }>): string {
  if (found.truncated) return `More than ${MAX_MATCHES.toLocaleString('en')} matches: narrow the search.`
  const files = new Set(found.matches.map((m) => m.path)).size
  return `${found.matches.length} match${found.matches.length === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}`
}
