import type { ExpressionRole, NodeFrom, Path, StrategyNode, TargetSpec } from '@routewright/strategy-dsl'
import type { ReactNode } from 'react'
import { CalendarEditor } from './CalendarEditor.tsx'
import { EscalationEditor } from './EscalationEditor.tsx'
import { ExpressionField } from './ExpressionField.tsx'
import {
  ListControls,
  NumberField,
  RemoveButton,
  Row,
  SelectField,
  Suggestions,
  TextField,
} from './fields.tsx'
import { directoryNames, type FormProps } from './form-types.ts'
import { GenericField } from './GenericField.tsx'
import { KeyExpressionMap } from './KeyExpressionMap.tsx'
import { PickRuleEditor } from './PickRuleEditor.tsx'
import { settingsOf } from './schema-fields.ts'
import { TargetsEditor } from './TargetsEditor.tsx'
import { TreatmentFields, WaitingTreatments } from './TreatmentFields.tsx'

type Special = (props: FormProps) => ReactNode

/** A priority: a whole number, or switch to a CEL expression giving one. */
function PriorityField({
  name,
  value,
  path,
  set,
}: {
  name: string
  value: number | string | undefined
  path: Path
  set: FormProps['set']
}) {
  const isExpression = typeof value === 'string'
  return (
    <div className="rw-inline">
      {isExpression ? (
        <ExpressionField name={name} value={value} celRole="int" onChange={(v) => set(path, v)} />
      ) : (
        <NumberField name={name} value={value} onChange={(v) => set(path, v)} />
      )}
      <button
        type="button"
        className="rw-link-button"
        onClick={() => set(path, isExpression ? 0 : `${value ?? 0}`)}
        title={isExpression ? 'Use a number' : 'Compute with an expression'}
      >
        {isExpression ? '123' : 'ƒx'}
      </button>
    </div>
  )
}

/** Single-expression fields by kind and key, with the role the DSL checks them against. */
const EXPRESSIONS: Partial<Record<string, ExpressionRole>> = {
  'route.number': 'value',
  'target.threshold': 'threshold',
}

/** Examples an empty expression field shows, by kind and key: a threshold's scope (the candidate agent) is not obvious. */
const EXAMPLES: Partial<Record<string, string>> = {
  'target.threshold': 'e.g. agent.occupancy < 0.85',
}

/** Editors for fields the generic schema reading cannot do well (lists, maps, unions), by kind and key. */
const SPECIAL: Partial<Record<string, Special>> = {
  'switch.cases': ({ node, set }) => {
    const cases = (node as NodeFrom<'switch'>).cases
    return (
      <div className="rw-list" data-testid="field-cases">
        {cases.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: cases have no identity besides their place
          <div className="rw-list__block" key={i}>
            <div className="rw-list__item">
              <TextField
                name={`cases-${i}-label`}
                value={c.label ?? ''}
                placeholder={`case ${i + 1}`}
                wrap="one-line"
                onChange={(v) => set(['cases', i, 'label'], v || undefined)}
              />
              {cases.length > 1 && (
                <RemoveButton
                  label="Remove case"
                  onClick={() =>
                    set(
                      ['cases'],
                      cases.filter((_, j) => j !== i),
                    )
                  }
                />
              )}
            </div>
            <ExpressionField
              name={`cases-${i}-when`}
              value={c.when}
              celRole="condition"
              onChange={(v) => set(['cases', i, 'when'], v)}
            />
          </div>
        ))}
        <ListControls
          label="case"
          onAdd={() => set(['cases'], [...cases, { label: `case ${cases.length + 1}`, when: 'true' }])}
        />
      </div>
    )
  },
  'split.branches': ({ node, set }) => {
    const branches = (node as NodeFrom<'split'>).branches
    const total = branches.reduce((sum, b) => sum + b.weight, 0)
    return (
      <div className="rw-list rw-list--branches" data-testid="field-branches">
        {branches.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: branches have no identity besides their place
          <div className="rw-list__item" key={i}>
            <TextField
              name={`branches-${i}-label`}
              value={b.label ?? ''}
              placeholder="label"
              wrap="one-line"
              onChange={(v) => set(['branches', i, 'label'], v || undefined)}
            />
            <NumberField
              name={`branches-${i}-weight`}
              value={b.weight}
              min={0}
              max={100}
              onChange={(v) => set(['branches', i, 'weight'], v ?? 0)}
            />
            <span className="rw-unit">%</span>
            {branches.length > 2 && (
              <RemoveButton
                label="Remove branch"
                onClick={() =>
                  set(
                    ['branches'],
                    branches.filter((_, j) => j !== i),
                  )
                }
              />
            )}
          </div>
        ))}
        <div className={`rw-sum${total === 100 ? '' : ' is-invalid'}`} data-testid="weights-total">
          Total {total}% {total === 100 ? '' : '(must be 100%)'}
        </div>
        <ListControls
          label="branch"
          onAdd={() =>
            set(['branches'], [...branches, { label: `branch ${branches.length + 1}`, weight: 0 }])
          }
        />
      </div>
    )
  },
  'schedule.calendar': ({ node, set, directory }) => (
    <CalendarEditor calendar={(node as NodeFrom<'schedule'>).calendar} set={set} directory={directory} />
  ),
  'assign.set': ({ node, set, document }) => (
    <>
      <Suggestions id="rw-variables" values={Object.keys(document.variables ?? {})} />
      <KeyExpressionMap
        name="set"
        path={['set']}
        entries={(node as NodeFrom<'assign'>).set}
        set={set}
        celRole="value"
        keyPlaceholder="variable"
        suggestions="rw-variables"
      />
    </>
  ),
  'attach.set': ({ node, set }) => (
    <KeyExpressionMap
      name="set"
      path={['set']}
      entries={(node as NodeFrom<'attach'>).set ?? {}}
      set={set}
      celRole="value"
      keyPlaceholder="key"
    />
  ),
  'attach.remove': ({ node, set }) => (
    <TextField
      name="remove"
      value={((node as NodeFrom<'attach'>).remove ?? []).join(', ')}
      placeholder="keys, comma separated"
      commitOnBlur
      onChange={(v) => {
        const keys = v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
        set(['remove'], keys.length ? keys : undefined)
      }}
    />
  ),
  'end.values': ({ node, set, document }) => (
    <>
      <Suggestions id="rw-outputs" values={Object.keys(document.outputs ?? {})} />
      <KeyExpressionMap
        name="values"
        path={['values']}
        entries={(node as NodeFrom<'end'>).values ?? {}}
        set={set}
        celRole="value"
        keyPlaceholder="output"
        suggestions="rw-outputs"
      />
    </>
  ),
  'subroutine.inputs': ({ node, set }) => (
    <KeyExpressionMap
      name="inputs"
      path={['inputs']}
      entries={(node as NodeFrom<'subroutine'>).inputs ?? {}}
      set={set}
      celRole="value"
      keyPlaceholder="input"
    />
  ),
  'subroutine.into': ({ node, set }) => {
    const into = (node as NodeFrom<'subroutine'>).into ?? {}
    return (
      <TextField
        name="into"
        value={Object.entries(into)
          .map(([local, out]) => `${local}=${out}`)
          .join(', ')}
        placeholder="variable=output, ..."
        commitOnBlur
        onChange={(v) => {
          const pairs = v
            .split(',')
            .map((p) => p.split('=').map((s) => s.trim()))
            .filter((p) => p[0] && p[1])
          set(['into'], pairs.length ? Object.fromEntries(pairs) : undefined)
        }}
      />
    )
  },
  'function.args': ({ node, set }) => {
    const args = (node as NodeFrom<'function'>).args ?? []
    return (
      <div className="rw-list" data-testid="field-args">
        {args.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: arguments are positional
          <div className="rw-list__item" key={i}>
            <ExpressionField
              name={`args-${i}`}
              value={a}
              celRole="value"
              onChange={(v) => set(['args', i], v)}
            />
            <RemoveButton
              label="Remove argument"
              onClick={() => set(['args'], args.length > 1 ? args.filter((_, j) => j !== i) : undefined)}
            />
          </div>
        ))}
        <ListControls label="argument" onAdd={() => set(['args'], [...args, 'ani'])} />
      </div>
    )
  },
  'function.call': ({ node, set, directory }) => (
    <>
      <Suggestions id="rw-functions" values={directoryNames(directory).function} />
      <TextField
        name="call"
        value={(node as NodeFrom<'function'>).call}
        list="rw-functions"
        onChange={(v) => set(['call'], v)}
      />
    </>
  ),
  'queue-priority.set': ({ node, set }) => {
    const n = node as NodeFrom<'queue-priority'>
    const mode = n.raise !== undefined ? 'raise' : 'set'
    return (
      <div className="rw-inline">
        <SelectField
          name="priority-mode"
          value={mode}
          options={['raise', 'set'] as const}
          onChange={(m) =>
            set(
              [],
              m === 'set'
                ? { ...withoutKeys(n, ['raise']), set: 10 }
                : { ...withoutKeys(n, ['set']), raise: 1 },
            )
          }
        />
        {mode === 'set' ? (
          <PriorityField name="set" value={n.set} path={['set']} set={set} />
        ) : (
          <NumberField name="raise" value={n.raise} onChange={(v) => set(['raise'], v ?? 0)} />
        )}
      </div>
    )
  },
  'queue-priority.raise': () => null,
  'target.targets': ({ node, set, directory }) => (
    <TargetsEditor
      name="targets"
      path={['targets']}
      targets={(node as NodeFrom<'target'>).targets as TargetSpec[]}
      set={set}
      directory={directory}
    />
  ),
  'target.pick': ({ node, set }) => (
    <PickRuleEditor pick={(node as NodeFrom<'target'>).pick} onChange={(p) => set(['pick'], p)} />
  ),
  'target.priority': ({ node, set }) => (
    <PriorityField
      name="priority"
      value={(node as NodeFrom<'target'>).priority}
      path={['priority']}
      set={set}
    />
  ),
  'target.treatments': ({ node, set }) => (
    <WaitingTreatments items={(node as NodeFrom<'target'>).treatments ?? []} set={set} />
  ),
  'target.escalate': ({ node, set, directory }) => (
    <EscalationEditor
      steps={(node as NodeFrom<'target'>).escalate ?? []}
      set={set}
      directory={directory}
      targets={(node as NodeFrom<'target'>).targets}
    />
  ),
}

function withoutKeys<T extends object>(value: T, keys: string[]): T {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as T
}

/** Text fields that hold a sentence (an end's reason): they wrap in the inspector instead of being cut. */
const PROSE = new Set(['reason'])

const TREATMENT_FIELDS = new Set(['play', 'music', 'silence', 'ringback', 'busy', 'collect', 'duration'])

/** The settings of one node: special editors where registered, generic ones from the schema elsewhere. */
export function KindForm(props: FormProps) {
  const { node, set } = props
  const fields = settingsOf(node)
  const names = directoryNames(props.directory)
  return (
    <div className="rw-kind-form">
      {node.type === 'treatment' && (
        <TreatmentFields
          name="treatment"
          value={node as Record<string, unknown>}
          path={[]}
          set={set}
          allowCollect
          replace={(t) => set([], { ...withoutKeys(node, [...TREATMENT_FIELDS]), ...t } as StrategyNode)}
        />
      )}
      {node.type === 'route' && <Suggestions id="rw-destinations" values={names.destination} />}
      {fields.map(({ key, editor, optional }) => {
        if (node.type === 'treatment' && TREATMENT_FIELDS.has(key)) return null
        const special = SPECIAL[`${node.type}.${key}`]
        const role = EXPRESSIONS[`${node.type}.${key}`]
        const value = (node as Record<string, unknown>)[key]
        let control: ReactNode
        if (special) control = special(props)
        else if (role)
          control = (
            <ExpressionField
              name={key}
              value={typeof value === 'string' ? value : ''}
              celRole={role}
              placeholder={EXAMPLES[`${node.type}.${key}`]}
              onChange={(v) => set([key], v === '' ? undefined : v)}
            />
          )
        else
          control = (
            <GenericField
              name={key}
              editor={editor}
              value={value}
              optional={optional}
              onChange={(v) => set([key], v)}
              list={key === 'destination' ? 'rw-destinations' : undefined}
              wrap={PROSE.has(key) ? 'one-line' : undefined}
            />
          )
        if (control === null) return null
        return (
          <Row key={key} label={labelOf(key)}>
            {control}
          </Row>
        )
      })}
    </div>
  )
}

function labelOf(key: string): string {
  const label = key.replace(/[-_]/g, ' ')
  return label.charAt(0).toUpperCase() + label.slice(1)
}
