// A small modal: focus goes in and stays in (Tab cycles, a click on the backdrop or the text keeps it), Escape
// cancels, the page behind takes neither clicks nor keys.
import { type KeyboardEvent as ReactKeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react'

// what Tab stops on inside the dialog; the box itself (tabIndex -1) only holds the focus after a click on its text
const TAB_STOPS =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])'

/** Tab from the last stop goes to the first and Shift+Tab from the first to the last, instead of to the page behind. */
function keepTabInside(box: HTMLElement, event: ReactKeyboardEvent): void {
  const stops = [...box.querySelectorAll<HTMLElement>(TAB_STOPS)]
  const first = stops[0]
  const last = stops.at(-1)
  const active = document.activeElement
  const leaving = event.shiftKey ? active === first || active === box : active === last || active === box
  if (!first || !last || !leaving) return
  event.preventDefault()
  ;(event.shiftKey ? last : first).focus()
}

export interface DialogProps {
  title: string
  testId: string
  onCancel(): void
  children: ReactNode
  actions: ReactNode
}

export function Dialog({ title, testId, onCancel, children, actions }: DialogProps) {
  const titleId = useId()
  const box = useRef<HTMLDivElement>(null)
  const backdrop = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // a press on the backdrop would move the focus to the page's body, where Escape no longer reaches the dialog
    const keepFocus = (event: MouseEvent) => {
      if (event.target === event.currentTarget) event.preventDefault()
    }
    const element = backdrop.current
    element?.addEventListener('mousedown', keepFocus)
    return () => element?.removeEventListener('mousedown', keepFocus)
  }, [])
  useEffect(() => {
    // focus goes back where it came from (a file row, a button) when the dialog closes
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const first = box.current?.querySelector<HTMLElement>('input, button[data-primary], button')
    first?.focus()
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [])
  return (
    <div ref={backdrop} className="rw-dialog__backdrop">
      <div
        ref={box}
        className="rw-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onCancel()
          } else if (event.key === 'Tab' && box.current) keepTabInside(box.current, event)
        }}
      >
        <h2 id={titleId} className="rw-dialog__title">
          {title}
        </h2>
        <div className="rw-dialog__body">{children}</div>
        <div className="rw-dialog__actions">{actions}</div>
      </div>
    </div>
  )
}
