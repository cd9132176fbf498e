import { DurationField, NumberField, SelectField, TextField } from './fields.tsx'
import type { FieldEditor } from './schema-fields.ts'

/** An editor for a scalar field, chosen from its zod schema; empty input removes an optional field. */
export function GenericField({
  name,
  editor,
  value,
  optional,
  onChange,
  list,
  wrap,
}: {
  name: string
  editor: FieldEditor
  value: unknown
  optional: boolean
  onChange: (value: unknown) => void
  list?: string | undefined
  /** A text value that wraps in 1 to 4 lines (TextField's `wrap`): prose such as an end's reason. */
  wrap?: 'one-line' | undefined
}) {
  switch (editor.kind) {
    case 'text':
      return (
        <TextField
          name={name}
          value={typeof value === 'string' ? value : ''}
          list={list}
          wrap={wrap}
          onChange={(v) => onChange(v === '' && optional ? undefined : v)}
        />
      )
    case 'number':
      return (
        <NumberField
          name={name}
          value={typeof value === 'number' ? value : undefined}
          {...(editor.min !== undefined ? { min: editor.min } : {})}
          {...(editor.max !== undefined ? { max: editor.max } : {})}
          onChange={onChange}
        />
      )
    case 'enum':
      return (
        <SelectField
          name={name}
          value={typeof value === 'string' ? value : undefined}
          options={editor.options}
          onChange={onChange}
          {...(optional ? { allowEmpty: '—' } : {})}
        />
      )
    case 'duration':
      return (
        <DurationField
          name={name}
          value={typeof value === 'string' || typeof value === 'number' ? value : undefined}
          onChange={(v) => onChange(v === undefined && !optional ? '0s' : v)}
        />
      )
    case 'boolean':
      return (
        <input
          type="checkbox"
          data-testid={`field-${name}`}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked ? true : optional ? undefined : false)}
        />
      )
    case 'complex':
      return <span className="rw-muted">Edit in the YAML view</span>
  }
}
