import {
  createContext,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react'
import { explainDuration } from './duration-hint.ts'
import { EXPRESSION_MAX_LINES, SENTENCE_MAX_LINES, useGrowLines } from './grow-lines.ts'
import { useLongValue } from './long-value.ts'
import { useFocusAfterRename } from './rename-focus.ts'

/**
 * The field of the form whose last edit was refused (the file would not parse) and why: that field is marked invalid
 * with the reason beside it, as well as the notice at the inspector's top.
 */
export const RefusedField = createContext<{ name: string; message: string } | undefined>(undefined)

/**
 * True while the text does not parse: every edit would be refused (the file keeps its last valid state), so the
 * form is read-only. Native fields take it from the form's disabled fieldset; an embedded editor (CEL) reads this.
 */
export const FormReadOnly = createContext(false)

/**
 * Why the form is read-only and a way to the error: while the text has a syntax error an edit here could not be
 * written (it reverted, only a toast said why), so the fields are disabled rather than taking typing they lose.
 */
export function ReadOnlyNotice({ onShowError }: { onShowError: (() => void) | undefined }) {
  return (
    <p className="rw-refusal" role="status" data-testid="inspector-read-only">
      Read-only: the YAML does not parse, so an edit here could not be written. Fix the error first.{' '}
      {onShowError && (
        <button
          type="button"
          className="rw-link-button"
          data-testid="inspector-show-error"
          onClick={onShowError}
        >
          Show the error
        </button>
      )}
    </p>
  )
}

/** The label of the enclosing Row: its inputs take it as their accessible name. */
const RowLabel = createContext<string | undefined>(undefined)

/**
 * The document's undo (`redo` false) or redo, which the inspector gives its text fields for Ctrl/Cmd+Z,
 * Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y: without it (or a field's own `onHistoryKey`) the input's text undo keeps the keys.
 */
export const DocumentHistory = createContext<((redo: boolean) => void) | undefined>(undefined)

/** A labelled row of the inspector form. */
export function Row({
  label,
  hint,
  action,
  children,
}: {
  label: string
  hint?: string | undefined
  /** A button that acts on the whole row (remove this treatment), on the label's line at its right. */
  action?: ReactNode
  children: ReactNode
}) {
  const labelText = (
    <span className="rw-row__label" title={hint}>
      {label}
    </span>
  )
  return (
    <div className="rw-row">
      {action === undefined ? (
        labelText
      ) : (
        <div className="rw-row__head">
          {labelText}
          {action}
        </div>
      )}
      <div className="rw-row__control">
        <RowLabel.Provider value={label}>{children}</RowLabel.Provider>
      </div>
    </div>
  )
}

/**
 * A text input that keeps what the user types while the document catches up, and follows the document when
 * it changes from elsewhere (undo, code view) while the input is not focused.
 */
export function TextField({
  name,
  value,
  onChange,
  placeholder,
  list,
  commitOnBlur = false,
  invalid,
  multiline = false,
  label,
  onHistoryKey,
  showEnd = false,
  renamedTo,
  wrap,
  writes = name,
}: {
  name: string
  value: string
  onChange: (value: string) => void
  placeholder?: string | undefined
  list?: string | undefined
  commitOnBlur?: boolean
  invalid?: string | undefined
  multiline?: boolean
  /** Accessible name; defaults to the enclosing Row's label. */
  label?: string | undefined
  /**
   * The document's undo (`redo` false) or redo, for Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y in the field with
   * nothing uncommitted in it (while a draft differs from the value the input's own text undo keeps them); default
   * the enclosing DocumentHistory.
   */
  onHistoryKey?: ((redo: boolean) => void) | undefined
  /** A value cut by the input shows its end while unfocused (a resource path's file name); else its start. */
  showEnd?: boolean
  /**
   * For a field holding a name its row or form is keyed by: the new name, set just before a rename is written. The
   * field rebuilt with that name takes back the focus the old one lost.
   */
  renamedTo?: RefObject<string | undefined> | undefined
  /**
   * The value wraps in a box that grows instead of being cut: 'one-line' (1 to 4 lines) for a value the file keeps
   * on one line (a title, a reason: Enter adds no line break, a pasted one becomes a space), 'lines' (1 to 16) where
   * a line break is part of the value (a CEL expression).
   */
  wrap?: 'one-line' | 'lines' | undefined
  /**
   * The node's path the field writes, joined with '-', where it is not `name` (a target's name field writes
   * `targets-0-group`): a refusal of that path marks this field.
   */
  writes?: string | undefined
}) {
  const rowLabel = useContext(RowLabel)
  const refusedField = useContext(RefusedField)
  const refused = refusedField?.name === writes ? refusedField.message : undefined
  // the field's own complaint first, else the refusal of its last edit
  const complaint = invalid ?? refused
  const inspectorHistory = useContext(DocumentHistory)
  const history = onHistoryKey ?? inspectorHistory
  const [local, setLocal] = useState(value)
  const focused = useRef(false)
  // an undo or redo from this field's keys: the focused field shows what the document holds now, not its old text
  const following = useRef(false)
  // state as well as the ref: a long value is scrolled back to its end when the input loses focus
  const [hasFocus, setHasFocus] = useState(false)
  const input = useRef<HTMLInputElement | HTMLTextAreaElement>(null)
  // grown before it is measured for a cut
  useGrowLines(input, local, wrap !== undefined, wrap === 'lines' ? EXPRESSION_MAX_LINES : SENTENCE_MAX_LINES)
  const cut = useLongValue(input, local, hasFocus, showEnd)
  useFocusAfterRename(renamedTo, value, () => input.current)
  useEffect(() => {
    if (!focused.current || following.current) setLocal(value)
  }, [value])
  // a refused draft left in the field goes once the refusal does (another edit was written), unless typed on
  useEffect(() => {
    if (refused === undefined && !focused.current) setLocal(value)
  }, [refused, value])
  const props = {
    'data-testid': `field-${name}`,
    'aria-label': label ?? rowLabel ?? name,
    name,
    value: local,
    placeholder,
    'aria-invalid': complaint ? true : undefined,
    // the complaint first (it is also written under the field); else the whole value when the input cuts it
    title: complaint ?? (cut ? local : undefined),
    className: `rw-input${complaint ? ' is-invalid' : ''}${cut && !hasFocus ? (showEnd ? ' is-cut' : ' is-cut-end') : ''}`,
    onFocus: () => {
      focused.current = true
      setHasFocus(true)
    },
    onBlur: () => {
      focused.current = false
      following.current = false
      setHasFocus(false)
      // an invalid draft is committed again, so putting the old value back clears its complaint
      if (commitOnBlur && (local !== value || invalid)) onChange(local)
      // an invalid or refused draft stays in the field beside its explanation instead of silently turning back
      else if (!complaint) setLocal(value)
    },
    onChange: (e: { target: { value: string } }) => {
      following.current = false
      // what a one-line input makes of a pasted line break, but kept as a space between the words
      const text = wrap === 'one-line' ? e.target.value.replace(/\r\n|[\r\n]/g, ' ') : e.target.value
      setLocal(text)
      if (!commitOnBlur) onChange(text)
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      // Enter in a one-line value does what it does in an input: no line break (an IME's Enter confirms its word)
      if (e.key === 'Enter' && wrap === 'one-line' && !e.nativeEvent.isComposing) e.preventDefault()
      if (wrap === 'one-line') toValueEnd(e)
      if (e.key === 'Enter' && commitOnBlur && !multiline && wrap !== 'lines') {
        onChange(local)
        return
      }
      const redo = historyKey(e)
      if (redo === undefined || history === undefined) return
      // a draft is the field's to undo first (its typing); with none, the key means the document's last change
      // (before, the input's own undo put old text back uncommitted while the document kept the new value)
      if (local !== value || complaint) return
      e.preventDefault()
      following.current = true
      history(redo)
    },
  }
  // always a fragment: the refusal's reason comes and goes beside the input without remounting it (and its focus)
  return (
    <>
      {multiline ? (
        // long text (notes, descriptions) gets room and grows with what is typed
        <textarea rows={Math.min(8, Math.max(3, local.split('\n').length + 1))} {...props} />
      ) : wrap ? (
        <textarea
          {...props}
          ref={input as RefObject<HTMLTextAreaElement>}
          rows={1}
          className={`${props.className} rw-input--wraps`}
        />
      ) : (
        <input {...props} ref={input as RefObject<HTMLInputElement>} list={list} />
      )}
      <FieldError name={name} message={refused} />
    </>
  )
}

/**
 * Home and End in a wrapped one-line value go to its start and end, as in an input (with Shift, selecting), not to the
 * ends of the wrapped line the caret is on.
 */
function toValueEnd(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Home' && event.key !== 'End') return
  if (event.ctrlKey || event.metaKey || event.altKey) return
  const box = event.currentTarget
  if (!(box instanceof HTMLTextAreaElement)) return
  event.preventDefault()
  const to = event.key === 'Home' ? 0 : box.value.length
  if (!event.shiftKey) {
    box.setSelectionRange(to, to)
    return
  }
  const anchor = box.selectionDirection === 'backward' ? box.selectionEnd : box.selectionStart
  box.setSelectionRange(Math.min(anchor, to), Math.max(anchor, to), to < anchor ? 'backward' : 'forward')
}

/** Whether a key is undo (false) or redo (true) with Ctrl or Cmd, as the canvas's shortcuts read them; else undefined. */
function historyKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return undefined
  const key = event.key.toLowerCase()
  if (key === 'y' || (key === 'z' && event.shiftKey)) return true
  return key === 'z' ? false : undefined
}

export function NumberField({
  name,
  value,
  onChange,
  min,
  max,
  step = 1,
}: {
  name: string
  value: number | undefined
  onChange: (value: number | undefined) => void
  min?: number
  max?: number
  step?: number
}) {
  const [reason, setReason] = useState<string | undefined>()
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    setReason(undefined)
  }
  const range =
    min !== undefined && max !== undefined
      ? `from ${min} to ${max}`
      : min !== undefined
        ? `of at least ${min}`
        : ''
  return (
    <div className="rw-expression">
      <TextField
        name={name}
        value={value === undefined ? '' : String(value)}
        onChange={(text) => {
          if (text.trim() === '') {
            setReason(undefined)
            return onChange(undefined)
          }
          const n = Number(text)
          const fits =
            Number.isFinite(n) &&
            (min === undefined || n >= min) &&
            (max === undefined || n <= max) &&
            n % step === 0
          setReason(
            fits
              ? undefined
              : `"${text.trim()}" is not ${step === 1 ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}.`,
          )
          if (fits) onChange(n)
        }}
        invalid={reason}
        placeholder={min !== undefined && max !== undefined ? `${min}–${max}` : ''}
      />
      <FieldError name={name} message={reason} />
    </div>
  )
}

/** A duration such as `30s` or `1m30s`; text that is not one stays as a draft with the reason under it. */
export function DurationField({
  name,
  value,
  onChange,
  placeholder = 'e.g. 30s, 1m30s',
}: {
  name: string
  value: string | number | undefined
  onChange: (value: string | undefined) => void
  placeholder?: string | undefined
}) {
  const [error, setError] = useState<string | undefined>(undefined)
  // a new value from elsewhere (undo, the code view) replaces the draft and its complaint
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    setError(undefined)
  }
  return (
    <div className="rw-expression">
      <TextField
        name={name}
        value={value === undefined ? '' : String(value)}
        placeholder={placeholder}
        invalid={error}
        onChange={(text) => {
          if (text.trim() === '') {
            setError(undefined)
            return onChange(undefined)
          }
          const problem = explainDuration(text)
          setError(problem)
          if (problem === undefined) onChange(text.trim())
        }}
      />
      <FieldError name={name} message={error} />
    </div>
  )
}

/** The reason a field's value was not written, shown under it (and announced to screen readers). */
export function FieldError({ name, message }: { name: string; message: string | undefined }) {
  if (message === undefined) return null
  return (
    <span className="rw-field-error rw-field-error--error" role="alert" data-testid={`field-${name}-error`}>
      {message}
    </span>
  )
}

export function SelectField<T extends string>({
  name,
  value,
  options,
  onChange,
  allowEmpty,
  label,
}: {
  name: string
  value: T | undefined
  options: readonly (T | { value: T; label: string })[]
  onChange: (value: T | undefined) => void
  allowEmpty?: string
  /** Accessible name; defaults to the enclosing Row's label. */
  label?: string | undefined
}) {
  const id = useId()
  const rowLabel = useContext(RowLabel)
  const chosen = options
    .map((o) => (typeof o === 'string' ? { value: o, label: o } : o))
    .find((o) => o.value === value)
  return (
    <select
      id={id}
      aria-label={label ?? rowLabel ?? name}
      // the whole choice on hover: a narrow inspector cuts it ("— default route —" at 1,024 px)
      title={chosen?.label ?? (value === undefined ? allowEmpty : undefined)}
      className="rw-input"
      data-testid={`field-${name}`}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as T))}
    >
      {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
      {options.map((o) => {
        const opt = typeof o === 'string' ? { value: o, label: o } : o
        return (
          <option key={opt.value} value={opt.value}>
            {opt.label}
          </option>
        )
      })}
    </select>
  )
}

/** Suggestions for a text input (group names, calendars ...), rendered once per list id. */
export function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  )
}

export function ListControls({ onAdd, label }: { onAdd: () => void; label: string }) {
  return (
    <button type="button" className="rw-link-button" onClick={onAdd}>
      + {label}
    </button>
  )
}

export function RemoveButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" className="rw-icon-button" onClick={onClick} aria-label={label} title={label}>
      ×
    </button>
  )
}
