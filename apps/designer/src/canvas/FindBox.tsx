import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useReactFlow } from '@xyflow/react'
import { useMemo, useState } from 'react'
import type { EditorStore } from '../core/editor-store.ts'
import { findNodes } from '../core/node-search.ts'

/**
 * Ctrl/Cmd+F: find nodes by id, title, notes or content (conditions, targets, prompts) and bring each into view.
 * `onClose` gets the node Enter went to last, if any: the focus goes there, as an editor's caret stays on the match.
 */
export function FindBox({
  store,
  document,
  onClose,
}: {
  store: EditorStore
  document: StrategyDocument | undefined
  onClose: (found: string | undefined) => void
}) {
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState(-1)
  const flow = useReactFlow()
  const found = useMemo(() => findNodes(document, query), [document, query])
  const matches = useMemo(() => found.map((m) => m.id), [found])
  const current = index >= 0 ? found[index] : undefined

  function go(i: number) {
    const id = matches[i]
    if (id === undefined) return
    setIndex(i)
    store.select([id])
    const node = flow.getNode(id)
    if (node) {
      const w = node.measured?.width ?? 232
      const h = node.measured?.height ?? 80
      void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: 1, duration: 250 })
    }
  }

  return (
    <search className="rw-findbox">
      <input
        // biome-ignore lint/a11y/noAutofocus: the box opens on Ctrl+F to type into at once
        autoFocus
        data-testid="find-input"
        aria-label="Find in nodes"
        placeholder="Find: id, title, condition, target, prompt"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setIndex(-1)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches.length > 0)
            go((index + (e.shiftKey ? -1 : 1) + matches.length) % matches.length)
          if (e.key === 'Escape') {
            e.preventDefault()
            onClose(current?.id)
          }
        }}
      />
      <span className="rw-findbox__count" data-testid="find-count">
        {query ? (index >= 0 ? `${index + 1} of ${matches.length}` : `${matches.length} found`) : ''}
      </span>
      {current && (
        <span className="rw-findbox__where" data-testid="find-where" title={current.text}>
          {current.id} · {current.where}
        </span>
      )}
      <button type="button" onClick={() => onClose(current?.id)} aria-label="Close find">
        ×
      </button>
    </search>
  )
}
