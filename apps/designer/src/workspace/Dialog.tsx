// A small modal: focus goes in, Escape cancels, the page behind does not take clicks.
import { type ReactNode, useEffect, useId, useRef } from 'react'

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
    <div className="rw-dialog__backdrop">
      <div
        ref={box}
        className="rw-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onCancel()
          }
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
