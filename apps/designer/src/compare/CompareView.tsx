// The compare view: the open strategy against its saved file, another workspace file or a git revision, as a
// semantic diff listed here and highlighted on the canvas (added, changed and renamed nodes; new and rewired edges).
// A file or git revision can be restored into the editor (RestoreVersion.tsx).
// test ids: compare-panel, compare-source, compare-file, compare-rev, compare-summary, compare-error,
//   compare-line (data-sign, data-node), compare-highlight, compare-marks (the canvas style element),
//   compare-restore, compare-pick-hint (another file chosen as the source, none picked yet)
import {
  type DiffLine,
  describeDiff,
  diffStrategies,
  isEmptyDiff,
  type StrategyDiff,
  type StrategyDocument,
  summarizeDiff,
} from '@routewright/strategy-dsl'
import { useEffect, useMemo, useState } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { useWorkspace, useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'
import { marksCss, marksOf } from './canvas-marks.ts'
import {
  type CompareSource,
  fetchGitLog,
  fetchGitText,
  type Loaded,
  parseBase,
  sourceLabel,
} from './compare-sources.ts'
import type { GitLogResponse } from './git-protocol.ts'
import { RestoreVersion } from './RestoreVersion.tsx'
import './compare.css'

type SourceKind = CompareSource['kind']

export function CompareView() {
  const store = useEditorStore()
  const file = useEditor((s) => s.file)
  const document = useEditor((s) => s.document)
  const savedText = useEditor((s) => s.savedText)
  const { client } = useWorkspaceSession()
  const files = useWorkspace((s) => s.files)
  const others = useMemo(() => files.filter((f) => f.kind === 'strategy' && f.path !== file), [files, file])
  const [kind, setKind] = useState<SourceKind>('saved')
  const [otherPath, setOtherPath] = useState<string>('')
  const [rev, setRev] = useState<string>('')
  const [history, setHistory] = useState<Loaded<GitLogResponse> | undefined>()
  const [base, setBase] = useState<Loaded<StrategyDocument> | undefined>()
  // the other version's text as read (a file or git revision), restorable even when it does not parse
  const [baseText, setBaseText] = useState<string | undefined>()
  const [highlight, setHighlight] = useState(true)

  // the commits touching the open file, for the git choice
  useEffect(() => {
    setHistory(undefined)
    if (!file) return
    let cancelled = false
    void fetchGitLog(file).then((reply) => {
      if (cancelled) return
      setHistory(reply)
      if (reply.ok && reply.value.commits[0]) setRev(reply.value.commits[0].hash)
    })
    return () => {
      cancelled = true
    }
  }, [file])

  const source: CompareSource | undefined =
    kind === 'saved'
      ? { kind }
      : kind === 'file'
        ? otherPath
          ? { kind, path: otherPath }
          : undefined
        : rev
          ? { kind, rev }
          : undefined
  const sourceKey = source ? JSON.stringify(source) : ''

  // biome-ignore lint/correctness/useExhaustiveDependencies: sourceKey stands for source
  useEffect(() => {
    setBase(undefined)
    setBaseText(undefined)
    if (!source || !file) return
    let cancelled = false
    const label = sourceLabel(source)
    const load = async (): Promise<Loaded<string>> => {
      if (source.kind === 'saved') return { ok: true, value: savedText }
      if (source.kind === 'file') {
        try {
          return { ok: true, value: (await client.read(source.path)).text }
        } catch (error) {
          return { ok: false, message: `Cannot read ${source.path}: ${(error as Error).message}` }
        }
      }
      return fetchGitText(source.rev, file)
    }
    void load().then((text) => {
      if (cancelled) return
      setBase(text.ok ? parseBase(text.value, label) : text)
      setBaseText(text.ok && source.kind !== 'saved' ? text.value : undefined)
    })
    return () => {
      cancelled = true
    }
  }, [sourceKey, file, savedText, client])

  const diff: StrategyDiff | undefined = useMemo(
    () => (base?.ok && document ? diffStrategies(base.value, document) : undefined),
    [base, document],
  )
  const lines = useMemo(() => (diff ? keyed(describeDiff(diff)) : []), [diff])
  const css = useMemo(() => (diff && highlight ? marksCss(marksOf(diff)) : ''), [diff, highlight])

  if (!file) return <p className="rw-compare__hint">Open a strategy to compare it with another version.</p>
  const gitOk = history?.ok === true && history.value.repository
  return (
    <section className="rw-compare" data-testid="compare-panel" aria-label="Compare versions">
      <div className="rw-compare__bar">
        <label>
          Compare with{' '}
          <select
            data-testid="compare-source"
            value={kind}
            onChange={(e) => setKind(e.target.value as SourceKind)}
          >
            <option value="saved">the saved file</option>
            <option value="file">another file</option>
            <option value="git" disabled={!gitOk}>
              a git revision{history && !gitOk ? ' (not a git repository)' : ''}
            </option>
          </select>
        </label>
        {kind === 'file' && (
          <label className="rw-compare__pick">
            File{' '}
            <select
              data-testid="compare-file"
              value={otherPath}
              onChange={(e) => setOtherPath(e.target.value)}
            >
              <option value="">choose a strategy…</option>
              {others.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.path}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'git' && gitOk && (
          <label className="rw-compare__pick">
            Revision{' '}
            <select
              data-testid="compare-rev"
              value={rev}
              // the select cuts a long subject at 1,024 px: the chosen revision's whole line on hover
              title={history.value.commits.find((c) => c.hash === rev)?.subject}
              onChange={(e) => setRev(e.target.value)}
            >
              {history.value.commits.length === 0 && <option value="">no commit has this file yet</option>}
              {history.value.commits.map((c) => (
                <option key={c.hash} value={c.hash}>
                  {c.short} · {c.date.slice(0, 10)} · {c.author} · {c.subject}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="rw-compare__toggle">
          <input
            type="checkbox"
            data-testid="compare-highlight"
            checked={highlight}
            onChange={(e) => setHighlight(e.target.checked)}
          />{' '}
          Highlight on canvas
        </label>
        {source && baseText !== undefined && <RestoreVersion text={baseText} label={sourceLabel(source)} />}
        {diff && (
          <span className="rw-compare__summary" data-testid="compare-summary" data-empty={isEmptyDiff(diff)}>
            {source ? `${sourceLabel(source)} → open file: ` : ''}
            {summarizeDiff(diff)}
          </span>
        )}
      </div>
      {base && !base.ok && (
        <p className="rw-compare__error" data-testid="compare-error" role="alert">
          {base.message}
        </p>
      )}
      {!document && <p className="rw-compare__hint">The open file does not parse yet: fix it to compare.</p>}
      {kind === 'file' && !otherPath && (
        // an empty list under an unchosen file reads as "nothing differs": say what fills it
        <p className="rw-compare__hint" data-testid="compare-pick-hint">
          {others.length > 0
            ? 'Choose a strategy in File above: its differences from the open file are listed here and outlined on the canvas.'
            : 'The workspace has no other strategy file to compare with: add one, or compare with the saved file.'}
        </p>
      )}
      <ul className="rw-compare__lines">
        {lines.map((line) => (
          <DiffRow key={line.key} line={line} onSelect={(id) => store.select([id])} />
        ))}
      </ul>
      {css && (
        <style data-testid="compare-marks" data-count={lines.length}>
          {css}
        </style>
      )}
    </section>
  )
}

/** Lines with a stable key: a detail line is unique under its parent line, a parent line in the diff. */
function keyed(lines: readonly DiffLine[]): Array<DiffLine & { key: string }> {
  let parent = ''
  return lines.map((line) => {
    if (line.depth === 0) parent = `${line.sign}${line.text}`
    return { ...line, key: line.depth === 0 ? parent : `${parent}\n${line.sign}${line.text}` }
  })
}

/** The node a line is about, so clicking it selects the node on the canvas. */
function nodeOfLine(line: DiffLine): string | undefined {
  return /^(?:node|edge) ([^\s[]+)/.exec(line.text)?.[1]
}

function DiffRow({ line, onSelect }: { line: DiffLine; onSelect: (id: string) => void }) {
  const node = line.depth === 0 ? nodeOfLine(line) : undefined
  const className = `rw-compare__line rw-compare__line--${line.sign === '+' ? 'add' : line.sign === '-' ? 'del' : 'chg'}${line.depth ? ' rw-compare__line--detail' : ''}`
  return (
    <li className={className} data-testid="compare-line" data-sign={line.sign} data-node={node}>
      <span className="rw-compare__sign" aria-hidden="true">
        {line.sign}
      </span>
      {node && !line.text.startsWith('node ') ? (
        <span>{line.text}</span>
      ) : node ? (
        <button type="button" className="rw-compare__node" onClick={() => onSelect(node)}>
          {line.text}
        </button>
      ) : (
        <span>{line.text}</span>
      )}
    </li>
  )
}
