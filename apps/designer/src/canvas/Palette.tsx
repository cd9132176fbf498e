import { type DragEvent, memo } from 'react'
import { PALETTE } from '../core/commands.ts'
import { NodeIcon } from './node-icons.tsx'

export const PALETTE_MIME = 'application/x-routewright-node'

function onDragStart(event: DragEvent<HTMLElement>, type: string) {
  event.dataTransfer.setData(PALETTE_MIME, type)
  event.dataTransfer.effectAllowed = 'copy'
}

/** Every node kind; drag one onto the canvas to add it, or double-click to add it in the middle. */
export const Palette = memo(function Palette({
  onAdd,
}: {
  onAdd: (type: (typeof PALETTE)[number]['type']) => void
}) {
  return (
    <section className="rw-palette" aria-label="Node palette" data-testid="palette">
      <h2 className="rw-panel-title">Nodes</h2>
      <ul>
        {PALETTE.map((item) => (
          <li
            key={item.type}
            className={`rw-palette__item rw-palette__item--${item.type}`}
            draggable
            onDragStart={(e) => onDragStart(e, item.type)}
            onDoubleClick={() => onAdd(item.type)}
            title={item.description}
            data-testid={`palette-${item.type}`}
          >
            <span className="rw-palette__icon">
              <NodeIcon type={item.type} />
            </span>
            <span className="rw-palette__text">
              <span className="rw-palette__title">{item.title}</span>
              <span className="rw-palette__desc">{item.description}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
})
