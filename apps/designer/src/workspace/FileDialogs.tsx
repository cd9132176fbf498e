// test ids: prompt-dialog, prompt-input, prompt-note, prompt-error, prompt-ok, prompt-cancel; confirm-dialog, confirm-ok, confirm-cancel
import { useState } from 'react'
import { Dialog } from './Dialog.tsx'

export interface PromptDialogProps {
  title: string
  label: string
  initial: string
  okLabel: string
  /** What the action will and will not change, shown under the field. */
  note?: string | undefined
  /** Why the value cannot be used, or undefined. */
  check(value: string): string | undefined
  onOk(value: string): void
  onCancel(): void
}

export function PromptDialog({
  title,
  label,
  initial,
  okLabel,
  note,
  check,
  onOk,
  onCancel,
}: PromptDialogProps) {
  const [value, setValue] = useState(initial)
  const [touched, setTouched] = useState(false)
  const problem = check(value.trim())
  const submit = () => {
    setTouched(true)
    if (!problem) onOk(value.trim())
  }
  return (
    <Dialog
      title={title}
      testId="prompt-dialog"
      onCancel={onCancel}
      actions={
        <>
          <button type="button" data-testid="prompt-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="rw-button--primary" data-testid="prompt-ok" onClick={submit}>
            {okLabel}
          </button>
        </>
      }
    >
      <label className="rw-field">
        <span>{label}</span>
        <input
          data-testid="prompt-input"
          value={value}
          spellCheck={false}
          onChange={(event) => {
            setValue(event.target.value)
            setTouched(true)
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return
            // the dialog closes and focus returns to the file row during this keydown: without this, the key's
            // keypress then clicks that row, opening the file by its old name after a rename (a 404)
            event.preventDefault()
            submit()
          }}
        />
      </label>
      {note ? (
        <p className="rw-field__note" data-testid="prompt-note">
          {note}
        </p>
      ) : null}
      {touched && problem ? (
        <p className="rw-field__error" data-testid="prompt-error" role="alert">
          {problem}
        </p>
      ) : null}
    </Dialog>
  )
}

export interface ConfirmDialogProps {
  title: string
  message: string
  okLabel: string
  onOk(): void
  onCancel(): void
}

export function ConfirmDialog({ title, message, okLabel, onOk, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      testId="confirm-dialog"
      onCancel={onCancel}
      actions={
        <>
          <button type="button" data-primary data-testid="confirm-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="rw-button--danger" data-testid="confirm-ok" onClick={onOk}>
            {okLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
    </Dialog>
  )
}
