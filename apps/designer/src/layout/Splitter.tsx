// A draggable, keyboard-operable separator (WAI-ARIA window splitter) on the inner edge of a shell panel.
import { type KeyboardEvent, type PointerEvent, useEffect, useRef } from 'react'
import { PANEL_LIMITS, type PanelId } from './panel-sizes.ts'
import { useShellLayout } from './useShellLayout.ts'

const LABELS: Record<PanelId, string> = {
  left: 'Resize files and palette',
  right: 'Resize inspector',
  bottom: 'Resize bottom panel',
}

/** Pointer movement that grows the panel: left grows to the right, right to the left, bottom upwards. */
function growth(panel: PanelId, dx: number, dy: number): number {
  return panel === 'left' ? dx : panel === 'right' ? -dx : -dy
}

export function Splitter({ panel }: { panel: PanelId }) {
  const layout = useShellLayout()
  const state = layout.sizes[panel]
  const drag = useRef<{ x: number; y: number; size: number } | null>(null)
  /** An arrow key is down: its steps (key repeat) resize the panel, the canvas lays out once it is let go. */
  const stepping = useRef(false)
  const { setDragging } = layout
  // a splitter gone mid-drag gets no lostpointercapture: the canvas must not wait for its end forever
  useEffect(
    () => () => {
      if (drag.current !== null || stepping.current) setDragging(undefined)
    },
    [setDragging],
  )

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return
    event.preventDefault()
    event.currentTarget.setPointerCapture(event.pointerId)
    drag.current = {
      x: event.clientX,
      y: event.clientY,
      size: state.collapsed ? PANEL_LIMITS[panel].min : state.size,
    }
    layout.setDragging(panel)
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const start = drag.current
    if (start === null) return
    layout.resize(panel, start.size + growth(panel, event.clientX - start.x, event.clientY - start.y))
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    drag.current = null
    event.currentTarget.releasePointerCapture(event.pointerId)
  }
  function onCaptureLost() {
    // released, cancelled (touch taken over, window lost) or up: the drag is over either way
    drag.current = null
    layout.setDragging(undefined)
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 64 : 16
    const keys: Record<string, number> =
      panel === 'bottom'
        ? { ArrowUp: step, ArrowDown: -step }
        : panel === 'left'
          ? { ArrowRight: step, ArrowLeft: -step }
          : { ArrowLeft: step, ArrowRight: -step }
    if (event.key in keys) {
      event.preventDefault()
      if (!stepping.current) {
        stepping.current = true
        layout.setDragging(panel)
      }
      layout.resize(panel, state.size + (keys[event.key] ?? 0))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      layout.toggle(panel)
    }
  }
  function endSteps() {
    if (!stepping.current) return
    stepping.current = false
    if (drag.current === null) layout.setDragging(undefined)
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be focused and dragged; this is the ARIA splitter pattern
    <div
      role="separator"
      tabIndex={0}
      aria-label={LABELS[panel]}
      aria-orientation={panel === 'bottom' ? 'horizontal' : 'vertical'}
      aria-valuemin={PANEL_LIMITS[panel].min}
      aria-valuemax={PANEL_LIMITS[panel].max}
      aria-valuenow={state.collapsed ? 0 : state.size}
      className={`rw-splitter rw-splitter--${panel}`}
      data-testid={`splitter-${panel}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onLostPointerCapture={onCaptureLost}
      onDoubleClick={() => layout.toggle(panel)}
      onKeyDown={onKeyDown}
      // Shift let go while an arrow key repeats goes on stepping
      onKeyUp={(event) => event.key.startsWith('Arrow') && endSteps()}
      onBlur={endSteps}
    />
  )
}
