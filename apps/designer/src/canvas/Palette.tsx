// The node palette: drag a kind onto the canvas, or find it by typing and add it with Enter (keyboard users). The
// kinds are one toolbar with a single Tab stop (WAI-ARIA roving tabindex): Up/Down, Home/End move, Enter or Space
// adds the focused kind; Down in the search box goes to the kinds.
import { type DragEvent, type KeyboardEvent, memo, useMemo, useRef, useState } from 'react'
import { PALETTE } from '../core/commands.ts'
import { useRovingFocus } from '../hooks/useRovingFocus.ts'
import { NodeIcon } from './node-icons.tsx'

export const PALETTE_MIME = 'application/x-routewright-node'

type PaletteType = (typeof PALETTE)[number]['type']

function onDragStart(event: DragEvent<HTMLElement>, type: string) {
  event.dataTransfer.setData(PALETTE_MIME, type)
  event.dataTransfer.effectAllowed = 'copy'
}

/** Every node kind; drag one onto the canvas, double-click it, or focus it and press Enter or Space to add it. */
export const Palette = memo(function Palette({ onAdd }: { onAdd: (type: PaletteType) => void }) {
  const [query, setQuery] = useState('')
  // a kind added, the search is done: kept, it left one kind listed the next time the palette was used
  const add = (type: PaletteType) => {
    onAdd(type)
    setQuery('')
  }
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    if (q === '') return PALETTE
    return PALETTE.filter((item) =>
      [item.type, item.title, item.description].some((text) => text.toLowerCase().includes(q)),
    )
  }, [query])
  const kinds = useRef<HTMLDivElement>(null)
  const roving = useRovingFocus(
    useMemo(() => shown.map((item) => item.type), [shown]),
    'vertical',
  )
  const onItemKey = (event: KeyboardEvent<HTMLElement>, type: PaletteType) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      add(type)
    }
  }
  return (
    <section className="rw-palette" aria-label="Node palette" data-testid="palette">
      <h2 className="rw-panel-title">Nodes</h2>
      <input
        type="search"
        className="rw-input rw-palette__search"
        data-testid="palette-search"
        aria-label="Search node kinds (Enter adds the first, Down goes to the list)"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          const first = shown[0]
          if (e.key === 'Enter' && first) {
            e.preventDefault()
            add(first.type)
          }
          if (e.key === 'ArrowDown' && roving.tabStop !== undefined && kinds.current) {
            e.preventDefault()
            roving.focusItem(kinds.current, roving.tabStop)
          }
          if (e.key === 'Escape') setQuery('')
        }}
      />
      <div
        ref={kinds}
        className="rw-palette__kinds"
        role="toolbar"
        aria-orientation="vertical"
        aria-label="Node kinds"
        data-testid="palette-kinds"
        {...roving.groupProps}
      >
        {shown.map((item) => (
          <button
            key={item.type}
            type="button"
            className={`rw-palette__item rw-palette__item--${item.type}`}
            draggable
            onDragStart={(e) => onDragStart(e, item.type)}
            onDoubleClick={() => add(item.type)}
            // dropped on the canvas (a drop cancelled leaves no effect): the search is done too
            onDragEnd={(e) => {
              if (e.dataTransfer.dropEffect !== 'none') setQuery('')
            }}
            onKeyDown={(e) => onItemKey(e, item.type)}
            title={`${item.description} (drag onto the canvas, or press Enter to add)`}
            data-testid={`palette-${item.type}`}
            {...roving.itemProps(item.type)}
          >
            <span className="rw-palette__icon" aria-hidden="true">
              <NodeIcon type={item.type} />
            </span>
            <span className="rw-palette__text">
              <span className="rw-palette__title">{item.title}</span>
              <span className="rw-palette__desc">{item.description}</span>
            </span>
          </button>
        ))}
        {shown.length === 0 && <p className="rw-muted">No node kind matches "{query}".</p>}
      </div>
    </section>
  )
})
