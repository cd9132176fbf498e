import type { ExpressionRole, Path } from '@routewright/strategy-dsl'
import { useRef, useState } from 'react'
import { ExpressionField } from './ExpressionField.tsx'
import { ListControls, RemoveButton, TextField } from './fields.tsx'

/** Named expressions (`set`, `inputs`, `values`): rename a key, edit its expression, add and remove entries. */
export function KeyExpressionMap({
  name,
  path,
  entries,
  set,
  celRole: role,
  keyPlaceholder = 'name',
  suggestions,
}: {
  name: string
  path: Path
  entries: Readonly<Record<string, string>>
  set: (path: Path, value: unknown) => void
  celRole: ExpressionRole
  keyPlaceholder?: string
  suggestions?: string | undefined
}) {
  const [draftKey, setDraftKey] = useState('')
  const keys = Object.keys(entries)
  // each row is keyed by its key: the renamed key's new row takes the focus back
  const renamedTo = useRef<string | undefined>(undefined)
  const replaceKey = (from: string, to: string) => {
    if (to === '' || to === from || Object.hasOwn(entries, to)) return
    renamedTo.current = to
    set(path, Object.fromEntries(Object.entries(entries).map(([k, v]) => [k === from ? to : k, v])))
  }
  return (
    <div className="rw-list" data-testid={`field-${name}`}>
      {keys.map((key) => (
        <div className="rw-list__item rw-list__item--kv" key={key}>
          <TextField
            name={`${name}-key-${key}`}
            value={key}
            commitOnBlur
            renamedTo={renamedTo}
            list={suggestions}
            onChange={(v) => replaceKey(key, v.trim())}
          />
          <ExpressionField
            name={`${name}-${key}`}
            value={entries[key] ?? ''}
            celRole={role}
            onChange={(v) => set([...path, key], v)}
          />
          <RemoveButton
            label={`Remove ${key}`}
            onClick={() => {
              const { [key]: _gone, ...rest } = entries
              set(path, Object.keys(rest).length === 0 ? undefined : rest)
            }}
          />
        </div>
      ))}
      <div className="rw-list__item">
        <input
          className="rw-input"
          data-testid={`field-${name}-new-key`}
          placeholder={`new ${keyPlaceholder}`}
          value={draftKey}
          list={suggestions}
          onChange={(e) => setDraftKey(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return
            const key = draftKey.trim()
            if (key && !Object.hasOwn(entries, key)) set([...path, key], '""')
            setDraftKey('')
          }}
        />
        <ListControls
          label="add"
          onAdd={() => {
            const key = draftKey.trim()
            if (key && !Object.hasOwn(entries, key)) set([...path, key], '""')
            setDraftKey('')
          }}
        />
      </div>
    </div>
  )
}
