// The transfer target box: type part of an agent id and pick from a few suggestions (ready ones first, each with its
// state), by mouse or keyboard (arrows, Enter, Escape); a routing point number or a whole id is sent as typed.
import { type KeyboardEvent, useEffect, useState } from 'react'
import { DesktopApiError, desktopApi } from '../api/client.ts'
import { movedActive, STATE_LABELS, searchNote } from '../core/transfer-search.ts'
import type { TargetSearch } from '../core/types.ts'

/** Waits this long after the last key before asking: one search per pause in typing, not one per key. */
const SEARCH_DELAY_MS = 200
/** How soon a search the bridge refused as replaced (one at a time per login) asks again. */
const RETRY_MS = 200
/** What the bridge searches: part of an agent id (anything else cannot match one). */
const SEARCHABLE = /^[A-Za-z0-9_-]{0,64}$/

export function TransferBox(props: {
  id: string
  value: string
  onChange(value: string): void
  describedBy: string
}) {
  const { id, value, onChange } = props
  const [open, setOpen] = useState(false)
  const [found, setFound] = useState<TargetSearch | undefined>()
  const [failed, setFailed] = useState<string | undefined>()
  // asked and not answered yet (a 429's retry included): the note says so rather than nothing or a stale answer's note
  const [searching, setSearching] = useState(false)
  const [active, setActive] = useState(-1)
  const listId = `${id}-suggestions`
  const noteId = `${id}-note`
  const q = value.trim()

  useEffect(() => {
    if (!open || !SEARCHABLE.test(q)) {
      setFound(undefined)
      setSearching(false)
      return
    }
    // an answer to an older text is dropped: the box shows what the text now typed finds
    let current = true
    let timer: ReturnType<typeof setTimeout>
    const ask = (tries: number) => {
      setSearching(true)
      setFailed(undefined)
      desktopApi.targets(q).then(
        (answer) => {
          if (!current) return
          setFound(answer)
          setSearching(false)
          setActive(-1)
        },
        (error: Error) => {
          if (!current) return
          // the bridge runs one search per login at a time (a newer one, maybe another tab's, replaced this): soon
          // again, as a typist's next letter comes within a fraction of a second
          if (error instanceof DesktopApiError && error.status === 429 && tries > 0) {
            timer = setTimeout(() => ask(tries - 1), error.retryAfterMs ?? RETRY_MS)
            return
          }
          // an older text's suggestions would read as this text's
          setFound(undefined)
          setSearching(false)
          setFailed(`No suggestions: ${error.message}`)
        },
      )
    }
    timer = setTimeout(() => ask(2), SEARCH_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [open, q])

  const targets = open ? (found?.targets ?? []) : []
  const note = !open
    ? undefined
    : (failed ?? (searching ? 'Searching…' : found === undefined ? undefined : searchNote(value, found)))
  const shown = targets.length > 0

  function pick(target: string) {
    onChange(target)
    setOpen(false)
    setActive(-1)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape' && open) {
      event.preventDefault()
      setOpen(false)
      return
    }
    if (event.key === 'Enter') {
      // a highlighted suggestion is picked; else Enter sends what is typed (the form's submit)
      if (shown && active >= 0 && active < targets.length) {
        event.preventDefault()
        pick(targets[active]!.id)
      }
      return
    }
    if (!open && event.key === 'ArrowDown') {
      setOpen(true)
      return
    }
    const next = movedActive(active, targets.length, event.key)
    if (next === undefined || !shown) return
    event.preventDefault()
    setActive(next)
  }

  return (
    <div className="ad-transfer__box">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={`${props.describedBy} ${noteId}`}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          onChange(e.target.value)
          setOpen(true)
          // a highlight in the older text's list would make Enter pick an id the text now typed may not hold
          setActive(-1)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        required
      />
      <div
        id={listId}
        role="listbox"
        aria-label="Suggested agents"
        className="ad-transfer__list"
        hidden={!shown}
      >
        {targets.map((target, i) => (
          <div
            key={target.id}
            // chosen from the input (aria-activedescendant), never focused itself
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`ad-transfer__option${i === active ? ' ad-transfer__option--active' : ''}`}
            onMouseDown={(e) => {
              // keeps the focus in the input (its blur would close the list before the click)
              e.preventDefault()
              pick(target.id)
            }}
            data-testid="transfer-suggestion"
          >
            <span className="ad-mono">{target.id}</span>
            <span className={`ad-badge ad-badge--${target.state}`}>
              {STATE_LABELS[target.state] ?? target.state}
            </span>
          </div>
        ))}
      </div>
      <p id={noteId} className="ad-muted ad-transfer__note" role="status" data-testid="transfer-note">
        {note}
      </p>
    </div>
  )
}
