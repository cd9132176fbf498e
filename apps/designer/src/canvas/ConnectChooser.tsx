import type { StrategyDocument } from '@routewright/strategy-dsl'
import { useId, useMemo, useState } from 'react'
import { connectOutput } from '../core/commands.ts'
import {
  type ConnectChoice,
  choiceText,
  outputChoices,
  targetNodes,
  typeAhead,
} from '../core/connect-choices.ts'
import type { EditorStore } from '../core/editor-store.ts'
import { rovingIndex } from '../core/roving-keys.ts'
import { focusCanvasNode } from './focus-node.ts'

/**
 * C on a node: connects one of its outputs without a mouse (React Flow's handles take no keys). A combobox lists
 * the outputs (free ones first, connected ones with where they go now), then the nodes to connect to, narrowed by
 * what is typed (id or title); Up/Down choose, Enter takes, Escape cancels. The connection is the mouse's command
 * (`connectOutput`: same checks, one undo step; an output has one target, so a connected one is re-pointed, as a
 * drag of its edge's end does), announced by the toast.
 */
export function ConnectChooser({
  store,
  document,
  source,
  onClose,
}: {
  store: EditorStore
  document: StrategyDocument | undefined
  source: string
  onClose: () => void
}) {
  const [output, setOutput] = useState<ConnectChoice | undefined>(undefined)
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState(0)
  const all = useMemo(() => {
    if (document === undefined) return []
    return output === undefined ? outputChoices(document, source) : targetNodes(document, source)
  }, [document, source, output])
  const shown = useMemo(() => typeAhead(all, query), [all, query])
  const active = shown[Math.min(index, shown.length - 1)]
  const listId = useId()
  const optionId = (key: string) => `${listId}-${key}`
  // a connected output says where it goes now: the node chosen next replaces that edge
  const now = output?.now === undefined ? '' : ` (now to ${output.now})`
  const label =
    output === undefined ? `Connect an output of "${source}"` : `Connect "${source}" ${output.label}${now} to`

  function close(refocus: boolean) {
    onClose()
    if (refocus) focusCanvasNode(source)
  }

  function take(choice: ConnectChoice) {
    if (output === undefined) {
      setOutput(choice)
      setQuery('')
      setIndex(0)
      return
    }
    if (output.now === choice.key)
      store.notify(`"${source}" ${output.label} goes to "${choice.key}" already.`)
    else if (connectOutput(store, source, output.key, choice.key))
      store.notify(
        output.now === undefined
          ? `Connected "${source}" ${output.label} to "${choice.key}".`
          : `Connected "${source}" ${output.label} to "${choice.key}" instead of "${output.now}".`,
      )
    close(true)
  }

  return (
    <div
      className="rw-findbox rw-connect"
      role="dialog"
      aria-label={label}
      data-testid="connect-chooser"
      // a click elsewhere closes it, the focus staying where it went
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) close(false)
      }}
    >
      <label className="rw-connect__step" htmlFor={`${listId}-input`}>
        {output === undefined ? `Output of ${source}` : `${source} ${output.label}${now} to`}
      </label>
      <input
        // biome-ignore lint/a11y/noAutofocus: the chooser opens on C to type into at once
        autoFocus
        id={`${listId}-input`}
        data-testid="connect-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active === undefined ? undefined : optionId(active.key)}
        placeholder={output === undefined ? 'Type an output' : 'Type a node id or title'}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setIndex(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            close(true)
          } else if (e.key === 'Enter') {
            e.preventDefault()
            if (active !== undefined) take(active)
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            setIndex((i) => rovingIndex(e.key, Math.min(i, shown.length - 1), shown.length, 'vertical') ?? 0)
          }
        }}
      />
      <div className="rw-connect__list" id={listId} role="listbox" aria-label={label}>
        {shown.map((choice) => (
          <div
            key={choice.key}
            // chosen from the input (aria-activedescendant), never focused itself
            tabIndex={-1}
            id={optionId(choice.key)}
            role="option"
            aria-selected={choice === active}
            data-testid={`connect-option-${choice.key}`}
            onMouseDown={(e) => {
              // keeps the focus in the input (a blur would close the chooser before the click)
              e.preventDefault()
              take(choice)
            }}
          >
            {choiceText(choice)}
          </div>
        ))}
        {shown.length === 0 && <div className="rw-connect__none">Nothing matches "{query}"</div>}
      </div>
    </div>
  )
}
