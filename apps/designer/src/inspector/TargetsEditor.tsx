import {
  type DirectoryDocument,
  type Path,
  type TargetKind,
  type TargetSpec,
  targetKindOf,
  targetNameOf,
} from '@routewright/strategy-dsl'
import { ExpressionField } from './ExpressionField.tsx'
import { ListControls, RemoveButton, SelectField, Suggestions, TextField } from './fields.tsx'
import { defaultTarget, directoryNames } from './form-types.ts'

const KINDS: readonly TargetKind[] = ['group', 'queue', 'agent', 'skill']

/** A list of targets: kind and logical name (offered from the directory), or a skill expression. */
export function TargetsEditor({
  name,
  path,
  targets,
  set,
  directory,
  minItems = 1,
}: {
  name: string
  path: Path
  targets: readonly TargetSpec[]
  set: (path: Path, value: unknown) => void
  directory: DirectoryDocument | undefined
  minItems?: number
}) {
  const names = directoryNames(directory)
  const listId = (kind: TargetKind) => `rw-targets-${name}-${kind}`
  const update = (next: TargetSpec[]) => set(path, next.length === 0 ? undefined : next)
  return (
    <div className="rw-list" data-testid={`field-${name}`}>
      {(['group', 'queue', 'agent'] as const).map((k) => (
        <Suggestions key={k} id={listId(k)} values={names[k]} />
      ))}
      {targets.map((target, i) => {
        const kind = targetKindOf(target)
        const value = targetNameOf(target)
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: targets have no identity besides their place
          <div className="rw-list__item" key={i}>
            <SelectField
              name={`${name}-${i}-kind`}
              value={kind}
              options={KINDS}
              onChange={(k) => {
                const next = [...targets]
                // a switched target starts as a name the format accepts, never as `queue: ""`
                next[i] = defaultTarget(k ?? 'group', directory, targets)
                update(next)
              }}
            />
            {kind === 'skill' ? (
              <ExpressionField
                name={`${name}-${i}-skill`}
                value={value}
                celRole="skill"
                onChange={(v) => set([...path, i, 'skill'], v)}
              />
            ) : (
              <TextField
                name={`${name}-${i}-name`}
                writes={`${name}-${i}-${kind}`}
                value={value}
                list={listId(kind)}
                placeholder={`${kind} name`}
                onChange={(v) => set([...path, i, kind], v)}
              />
            )}
            {targets.length > minItems && (
              <RemoveButton label="Remove target" onClick={() => update(targets.filter((_, j) => j !== i))} />
            )}
          </div>
        )
      })}
      <ListControls
        label="target"
        onAdd={() => update([...targets, defaultTarget('group', directory, targets)])}
      />
    </div>
  )
}
