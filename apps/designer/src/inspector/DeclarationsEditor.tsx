// Forms for a strategy's declared inputs, outputs and variables: name, type, default, required, description.
import {
  type Field,
  nameSchema,
  type StrategyDocument,
  type ValueType,
  valueTypeSchema,
} from '@routewright/strategy-dsl'
import { useRef, useState } from 'react'
import { defaultToText, parseDefault } from './field-default.ts'
import { FieldError, ListControls, RemoveButton, SelectField, TextField } from './fields.tsx'

export type DeclarationKind = 'inputs' | 'variables' | 'outputs'

const NEW_NAME: Record<DeclarationKind, string> = {
  inputs: 'input',
  variables: 'variable',
  outputs: 'output',
}
const TYPES = valueTypeSchema.options as readonly ValueType[]

function DefaultField({
  name,
  field,
  onChange,
}: {
  name: string
  field: Field
  onChange: (f: Field) => void
}) {
  const [reason, setReason] = useState<string | undefined>()
  return (
    <div className="rw-expression">
      <TextField
        name={name}
        value={defaultToText(field.default)}
        placeholder="default (optional)"
        invalid={reason}
        onChange={(text) => {
          const parsed = parseDefault(text, field.type)
          setReason(parsed.ok ? undefined : parsed.reason)
          if (!parsed.ok) return
          const { default: _old, ...rest } = field
          onChange(parsed.value === undefined ? rest : { ...rest, default: parsed.value })
        }}
      />
      <FieldError name={name} message={reason} />
    </div>
  )
}

/** Why declaration `from` cannot be renamed to `to`, or undefined when it can (or `to` is its name already). */
function declarationNameProblem(
  entries: Readonly<Record<string, Field>>,
  from: string,
  to: string,
): string | undefined {
  if (to === from) return undefined
  if (!nameSchema.safeParse(to).success) {
    return 'A name uses letters, digits or "_", not starting with a digit (at most 64), so CEL can read it.'
  }
  if (Object.hasOwn(entries, to)) return `"${to}" is declared already.`
  return undefined
}

/** One declaration list of the document; `apply` writes the whole list back (undefined removes it). */
export function DeclarationsEditor({
  kind,
  document,
  apply,
}: {
  kind: DeclarationKind
  document: StrategyDocument
  apply: (kind: DeclarationKind, next: Record<string, Field> | undefined) => void
}) {
  const entries = document[kind] ?? {}
  const names = Object.keys(entries)
  const write = (next: Record<string, Field>) =>
    apply(kind, Object.keys(next).length === 0 ? undefined : next)
  // a refused name stays in its field beside the reason; the declaration keeps its old name until it is fixed
  const [nameProblems, setNameProblems] = useState<Record<string, string>>({})
  // each declaration is keyed by its name: the renamed one's new name field takes the focus back
  const renamedTo = useRef<string | undefined>(undefined)
  const rename = (from: string, to: string) => {
    const problem = declarationNameProblem(entries, from, to)
    const { [from]: _old, ...others } = nameProblems
    setNameProblems(problem === undefined ? others : { ...others, [from]: problem })
    if (problem !== undefined || to === from) return
    renamedTo.current = to
    write(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k === from ? to : k, v])))
  }
  const update = (name: string, field: Field) => write({ ...entries, [name]: field })
  return (
    <div className="rw-list" data-testid={`declarations-${kind}`}>
      {names.length === 0 && <p className="rw-muted">None declared.</p>}
      {names.map((name) => {
        const field = entries[name]!
        const id = `${kind}-${name}`
        return (
          <fieldset className="rw-step" key={name} data-testid={`declaration-${id}`}>
            <legend>
              {name}
              <RemoveButton
                label={`Remove ${NEW_NAME[kind]} ${name}`}
                onClick={() => {
                  const { [name]: _gone, ...rest } = entries
                  write(rest)
                }}
              />
            </legend>
            <div className="rw-list__item">
              <TextField
                name={`${id}-name`}
                label={`${NEW_NAME[kind]} name`}
                value={name}
                commitOnBlur
                renamedTo={renamedTo}
                invalid={nameProblems[name]}
                onChange={(v) => rename(name, v.trim())}
              />
              <SelectField<ValueType>
                name={`${id}-type`}
                label={`Type of ${name}`}
                value={field.type}
                options={TYPES}
                onChange={(type) => {
                  if (type === undefined) return
                  // a default of the old type would no longer fit: it goes with the type change
                  const { default: _old, ...rest } = field
                  update(name, { ...rest, type })
                }}
              />
            </div>
            <FieldError name={`${id}-name`} message={nameProblems[name]} />
            <DefaultField name={`${id}-default`} field={field} onChange={(f) => update(name, f)} />
            {kind === 'inputs' && (
              <label className="rw-check">
                <input
                  type="checkbox"
                  data-testid={`field-${id}-required`}
                  checked={field.required === true}
                  onChange={(e) => {
                    const { required: _r, ...rest } = field
                    update(name, e.target.checked ? { ...rest, required: true } : rest)
                  }}
                />
                required
              </label>
            )}
          </fieldset>
        )
      })}
      <ListControls
        label={NEW_NAME[kind]}
        onAdd={() => {
          let i = 1
          while (Object.hasOwn(entries, `new_${NEW_NAME[kind]}${i === 1 ? '' : `_${i}`}`)) i += 1
          write({ ...entries, [`new_${NEW_NAME[kind]}${i === 1 ? '' : `_${i}`}`]: { type: 'string' } })
        }}
      />
    </div>
  )
}
