// A small Monaco editor for one CEL expression: highlighting, completion and live type errors as markers.
import { useContext, useEffect, useRef } from 'react'
import { setupMonaco } from '../code/monaco-setup.ts'
import { CEL_LANGUAGE, type CelScope, celScopes, checkCel, registerCel } from './cel-language.ts'
import { FormReadOnly } from './fields.tsx'
import { EXPRESSION_MAX_LINES } from './grow-lines.ts'

const monaco = setupMonaco()
registerCel(monaco)
let counter = 0
/** Lines a CEL field grows to before it scrolls (with a scrollbar): a long condition reads whole, a huge one has a budget. */
export const CEL_MAX_LINES = EXPRESSION_MAX_LINES
const CEL_LINE_HEIGHT = 18
/** The field's padding and border (app.css `.rw-cel-editor`, border-box) around Monaco's lines. */
const HOST_CHROME = 8
/** Wrap only after a space, comma or closing bracket: `stat(` and `skills.english` stay whole on their line. */
const BREAK_AFTER = ' \t,)]}'

export default function CelEditor({
  name,
  value,
  onChange,
  scope,
  placeholder,
}: {
  name: string
  value: string
  onChange: (value: string) => void
  scope: () => CelScope | undefined
  /** Shown while the expression is empty (Monaco's own placeholder). */
  placeholder?: string | undefined
}) {
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<ReturnType<typeof monaco.editor.create> | undefined>(undefined)
  const latest = useRef({ onChange, scope })
  latest.current = { onChange, scope }

  // the editor is created once per mount; value changes from elsewhere are applied by the next effect
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!host.current) return
    counter += 1
    const uri = monaco.Uri.parse(`inmemory://cel/${counter}-${name}.cel`)
    const model = monaco.editor.createModel(value, CEL_LANGUAGE, uri)
    const key = uri.toString()
    celScopes.set(key, () => latest.current.scope())
    const editor = monaco.editor.create(host.current, {
      model,
      theme: 'routewright',
      minimap: { enabled: false },
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 4,
      lineNumbersMinChars: 0,
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      renderLineHighlight: 'none',
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      wordWrapBreakBeforeCharacters: '',
      wordWrapBreakAfterCharacters: BREAK_AFTER,
      lineHeight: CEL_LINE_HEIGHT,
      fontSize: 12,
      automaticLayout: true,
      autoClosingBrackets: 'never',
      autoClosingQuotes: 'never',
      // past CEL_MAX_LINES the rest scrolls into view, so its scrollbar shows (a hidden one hid the rest of the text)
      scrollbar: {
        vertical: 'auto',
        horizontal: 'hidden',
        verticalScrollbarSize: 8,
        alwaysConsumeMouseWheel: false,
      },
      fixedOverflowWidgets: true,
      suggest: { showWords: false },
      tabFocusMode: true,
      ariaLabel: `${name}: CEL expression`,
      placeholder,
    })
    editorRef.current = editor
    // grows with its wrapped text up to CEL_MAX_LINES, then scrolls, instead of cutting it
    const host_ = host.current
    const fit = () => {
      const height = Math.min(Math.max(editor.getContentHeight(), 20), CEL_MAX_LINES * CEL_LINE_HEIGHT)
      // border-box: 3 + 3 px padding and 1 + 1 px border around the lines (6 before cut 2 px off the last line)
      const outer = `${height + HOST_CHROME}px`
      if (host_.style.height !== outer) {
        host_.style.height = outer
        editor.layout()
      }
    }
    const sizeSub = editor.onDidContentSizeChange(fit)
    fit()
    const mark = () => {
      const scope = latest.current.scope()
      const findings = scope ? checkCel(model.getValue(), scope) : []
      monaco.editor.setModelMarkers(
        model,
        'cel',
        findings.map((f) => {
          const start = model.getPositionAt(f.start)
          const end = model.getPositionAt(Math.max(f.end, f.start + 1))
          return {
            severity: f.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: `${f.code} ${f.message}`,
            startLineNumber: start.lineNumber,
            startColumn: start.column,
            endLineNumber: end.lineNumber,
            endColumn: end.column,
          }
        }),
      )
    }
    mark()
    const sub = model.onDidChangeContent(() => {
      mark()
      latest.current.onChange(model.getValue())
    })
    return () => {
      sub.dispose()
      sizeSub.dispose()
      celScopes.delete(key)
      editor.dispose()
      model.dispose()
    }
  }, [])

  // the form is read-only while the YAML does not parse (its fieldset disables the native fields, not Monaco)
  const readOnly = useContext(FormReadOnly)
  useEffect(() => {
    editorRef.current?.updateOptions({
      readOnly,
      readOnlyMessage: { value: 'Read-only: the YAML does not parse. Fix the error first.' },
    })
  }, [readOnly])

  useEffect(() => {
    const editor = editorRef.current
    const model = editor?.getModel()
    // the YAML text drops trailing spaces; taking that back while the user types would eat every space
    if (!editor || !model || model.getValue().trim() === value.trim() || editor.hasTextFocus()) return
    model.setValue(value)
  }, [value])

  return <div ref={host} className="rw-cel-editor" data-testid={`field-${name}`} data-monaco="true" />
}
