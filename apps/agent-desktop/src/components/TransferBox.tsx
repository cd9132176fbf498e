// The transfer target box: type part of an agent id and pick from a few suggestions (ready ones first, each with its
// state), by mouse or keyboard (arrows, Enter, Escape); a routing point number or a whole id is sent as typed.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { DesktopApiError, desktopApi } from '../api/client.ts'
import {
  movedActive,
  rankedTargets,
  STATE_LABELS,
  searchNote,
  searchOutcome,
  takesTransfer,
} from '../core/transfer-search.ts'
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
  /** Counts the transfers that failed: each new one puts the focus back here with the list open, to pick another. */
  failedTransfers?: number
}) {
  const { id, value, onChange, failedTransfers = 0 } = props
  const input = useRef<HTMLInputElement>(null)
  const [open, setOpen] = useState(false)
  // the text the suggestions answer: while a newer text is searched they stay in view, marked stale, not pickable
  const [found, setFound] = useState<{ q: string; answer: TargetSearch } | undefined>()
  const [failed, setFailed] = useState<string | undefined>()
  // asked and not answered yet (a 429's retry included): the note says so rather than nothing or a stale answer's note
  const [searching, setSearching] = useState(false)
  const [active, setActive] = useState(-1)
  const listId = `${id}-suggestions`
  const noteId = `${id}-note`
  const q = value.trim()

  useEffect(() => {
    if (failedTransfers === 0) return
    input.current?.focus()
    setOpen(true)
  }, [failedTransfers])

  // biome-ignore lint/correctness/useExhaustiveDependencies: each failed transfer searches again, even with the box open and its text unchanged (the states read before are old news; the bridge bounds searches, maxTargetSearches)
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
          setFound({ q, answer })
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
  }, [open, q, failedTransfers])

  // ready agents first whatever the bridge's order; the others stay pickable (their state may change) but marked
  const targets = open ? rankedTargets(found?.answer.targets ?? []) : []
  const stale = found !== undefined && found.q !== q
  const answered = found === undefined || stale ? undefined : found.answer
  const note = !open
    ? undefined
    : (failed ??
      (searching ? 'Searching…' : answered === undefined ? undefined : searchNote(value, answered)))
  // a screen reader hears the outcome only: "Searching…" at every pause in typing would be noise
  const outcome = !open || searching ? undefined : (failed ?? (answered && searchOutcome(value, answered)))
  const shown = targets.length > 0
  const pickable = shown && !stale

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
      if (pickable && active >= 0 && active < targets.length) {
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
    if (next === undefined || !pickable) return
    event.preventDefault()
    setActive(next)
  }

  return (
    <div className="ad-transfer__box">
      <input
        ref={input}
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={pickable && active >= 0 ? `${listId}-${active}` : undefined}
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
        className={`ad-transfer__list${stale ? ' ad-transfer__list--stale' : ''}`}
        aria-busy={stale}
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
            aria-disabled={stale}
            aria-description={takesTransfer(target) ? undefined : 'cannot take a transfer now'}
            title={takesTransfer(target) ? undefined : 'Cannot take a transfer now: not ready'}
            className={`ad-transfer__option${i === active ? ' ad-transfer__option--active' : ''}${takesTransfer(target) ? '' : ' ad-transfer__option--unavailable'}`}
            onMouseDown={(e) => {
              // keeps the focus in the input (its blur would close the list before the click)
              e.preventDefault()
              if (!stale) pick(target.id)
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
      <p id={noteId} className="ad-muted ad-transfer__note" data-testid="transfer-note">
        {note}
      </p>
      <p className="ad-visually-hidden" role="status" data-testid="transfer-outcome">
        {outcome}
      </p>
    </div>
  )
}
