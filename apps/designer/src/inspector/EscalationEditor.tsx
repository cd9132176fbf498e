import type { DirectoryDocument, Escalation, Path, TargetSpec } from '@routewright/strategy-dsl'
import { ExpressionField } from './ExpressionField.tsx'
import { DurationField, ListControls, NumberField, RemoveButton, Row, SelectField } from './fields.tsx'
import { defaultTarget } from './form-types.ts'
import { TargetsEditor } from './TargetsEditor.tsx'

type TargetMode = 'none' | 'add' | 'replace'
type PriorityMode = 'none' | 'raise' | 'set'

/** Target expansion over time: after a wait, add or replace targets and raise or set the priority. */
export function EscalationEditor({
  steps,
  set,
  directory,
  targets = [],
}: {
  steps: readonly Escalation[]
  set: (path: Path, value: unknown) => void
  directory: DirectoryDocument | undefined
  /** The node's own targets: an "add" step starts with a group not among them. */
  targets?: readonly TargetSpec[]
}) {
  const update = (next: Escalation[]) => set(['escalate'], next.length === 0 ? undefined : next)
  return (
    <div className="rw-list" data-testid="field-escalate">
      {steps.map((step, i) => {
        const targetMode: TargetMode = step.add ? 'add' : step.replace ? 'replace' : 'none'
        const priorityMode: PriorityMode =
          step.raise !== undefined ? 'raise' : step.priority !== undefined ? 'set' : 'none'
        const base: Path = ['escalate', i]
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity besides their place
          <fieldset className="rw-step" key={i}>
            <legend>
              Step {i + 1}
              <RemoveButton label="Remove step" onClick={() => update(steps.filter((_, j) => j !== i))} />
            </legend>
            <Row label="After">
              <DurationField
                name={`escalate-${i}-after`}
                value={step.after}
                onChange={(v) => set([...base, 'after'], v ?? '0s')}
              />
            </Row>
            <Row label="Targets">
              <SelectField<TargetMode>
                name={`escalate-${i}-targets-mode`}
                value={targetMode}
                options={[
                  { value: 'none', label: 'keep' },
                  { value: 'add', label: 'add' },
                  { value: 'replace', label: 'replace with' },
                ]}
                onChange={(m) => {
                  // never `add: [{ group: "" }]`: a new list starts with a real (or clearly draft) group
                  const chosen = step.add ?? step.replace ?? [defaultTarget('group', directory, targets)]
                  const { add: _a, replace: _r, ...rest } = step
                  const next = [...steps]
                  next[i] =
                    m === 'add'
                      ? { ...rest, add: chosen }
                      : m === 'replace'
                        ? { ...rest, replace: chosen }
                        : rest
                  update(next)
                }}
              />
            </Row>
            {targetMode !== 'none' && (
              <TargetsEditor
                name={`escalate-${i}-${targetMode}`}
                path={[...base, targetMode]}
                targets={(targetMode === 'add' ? step.add : step.replace) ?? []}
                set={set}
                directory={directory}
              />
            )}
            <Row label="Priority">
              <SelectField<PriorityMode>
                name={`escalate-${i}-priority-mode`}
                value={priorityMode}
                options={[
                  { value: 'none', label: 'keep' },
                  { value: 'raise', label: 'raise by' },
                  { value: 'set', label: 'set to' },
                ]}
                onChange={(m) => {
                  const { raise: _r, priority: _p, ...rest } = step
                  const next = [...steps]
                  next[i] =
                    m === 'raise' ? { ...rest, raise: 1 } : m === 'set' ? { ...rest, priority: 10 } : rest
                  update(next)
                }}
              />
              {priorityMode === 'raise' && (
                <NumberField
                  name={`escalate-${i}-raise`}
                  value={step.raise}
                  onChange={(v) => set([...base, 'raise'], v)}
                />
              )}
              {priorityMode === 'set' &&
                (typeof step.priority === 'string' ? (
                  <ExpressionField
                    name={`escalate-${i}-priority`}
                    value={step.priority}
                    celRole="int"
                    onChange={(v) => set([...base, 'priority'], v)}
                  />
                ) : (
                  <NumberField
                    name={`escalate-${i}-priority`}
                    value={step.priority}
                    onChange={(v) => set([...base, 'priority'], v)}
                  />
                ))}
            </Row>
          </fieldset>
        )
      })}
      <ListControls
        label="escalation step"
        onAdd={() => update([...steps, { after: steps.length === 0 ? '30s' : '60s', raise: 5 }])}
      />
    </div>
  )
}
