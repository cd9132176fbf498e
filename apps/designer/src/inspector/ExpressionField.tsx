import type { ExpressionRole } from '@routewright/strategy-dsl'
import { type ComponentType, useEffect, useMemo, useState } from 'react'
import { useEditorStore } from '../hooks/useEditor.ts'
import { type CelScope, checkCel } from './cel-language.ts'
import { TextField } from './fields.tsx'

type CelEditorProps = {
  name: string
  value: string
  onChange: (value: string) => void
  scope: () => CelScope | undefined
  placeholder?: string | undefined
}

let loaded: ComponentType<CelEditorProps> | undefined
let loading: Promise<ComponentType<CelEditorProps>> | undefined

/** Loads the Monaco CEL editor once, after the canvas had its first frames. */
function loadCelEditor(): Promise<ComponentType<CelEditorProps>> {
  loading ??= import('./CelEditor.tsx').then((m) => {
    loaded = m.default
    return m.default
  })
  return loading
}

/**
 * A CEL expression: a plain wrapping field until Monaco has loaded, then a small Monaco editor with highlighting,
 * completion and live type errors. The first problem is also written under the field.
 */
export function ExpressionField({
  name,
  value,
  celRole: role,
  onChange,
  placeholder,
}: {
  name: string
  value: string
  /** What the expression must evaluate to (named apart from the ARIA `role` attribute). */
  celRole: ExpressionRole
  onChange: (value: string) => void
  /** What an empty field shows: an example of the role's expression where one helps. */
  placeholder?: string | undefined
}) {
  const store = useEditorStore()
  const [Editor, setEditor] = useState(() => loaded)
  useEffect(() => {
    if (Editor) return
    let live = true
    void loadCelEditor().then((component) => {
      if (live) setEditor(() => component)
    })
    return () => {
      live = false
    }
  }, [Editor])
  const scope = useMemo(
    () => (): CelScope | undefined => {
      const { document, context } = store.getState()
      return document ? { document, role, directory: context.directory } : undefined
    },
    [store, role],
  )
  const current = scope()
  const problem = current ? checkCel(value, current)[0] : undefined
  return (
    <div className="rw-expression">
      {Editor ? (
        <Editor name={name} value={value} onChange={onChange} scope={scope} placeholder={placeholder} />
      ) : (
        // wraps as the editor will: a long condition was cut at 215 px in a switch case at a 1,024 px window
        <TextField
          name={name}
          value={value}
          onChange={onChange}
          placeholder={placeholder ?? 'CEL expression'}
          wrap="lines"
        />
      )}
      {problem && (
        <div
          className={`rw-field-error rw-field-error--${problem.severity}`}
          data-testid={`field-error-${name}`}
        >
          {problem.code} {problem.message}
        </div>
      )}
    </div>
  )
}
