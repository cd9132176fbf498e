import { type Path, TREATMENT_KEYS, type TreatmentKey, treatmentKeysOf } from '@routewright/strategy-dsl'
import type { ReactNode } from 'react'
import {
  DurationField,
  ListControls,
  NumberField,
  RemoveButton,
  Row,
  SelectField,
  TextField,
} from './fields.tsx'

type Treatment = Partial<Record<TreatmentKey | 'duration', unknown>>

const RESOURCE = new Set<TreatmentKey>(['play', 'music'])
const DURATION = new Set<TreatmentKey>(['silence', 'ringback'])

function fresh(key: TreatmentKey): Treatment {
  if (RESOURCE.has(key)) return { [key]: key === 'play' ? 'prompts/welcome' : 'music/hold' }
  if (DURATION.has(key)) return { [key]: '5s' }
  if (key === 'busy') return { busy: true }
  return { collect: { into: 'choice', max: 1, timeout: '8s' } }
}

/** One treatment: which kind and its argument; `collect` only where `allowCollect`. */
export function TreatmentFields({
  name,
  value,
  path,
  set,
  replace,
  allowCollect,
  remove,
}: {
  name: string
  value: Treatment
  path: Path
  set: (path: Path, value: unknown) => void
  replace: (next: Treatment) => void
  allowCollect: boolean
  /** The button that removes this treatment from its list, on its header line. */
  remove?: ReactNode
}) {
  const key = treatmentKeysOf(value)[0] ?? 'play'
  const keys = TREATMENT_KEYS.filter((k) => allowCollect || k !== 'collect')
  const collect = value.collect as
    | { into?: string; prompt?: string; min?: number; max?: number; timeout?: string }
    | undefined
  return (
    <>
      <Row label="Treatment" action={remove}>
        <SelectField<TreatmentKey>
          name={`${name}-kind`}
          value={key}
          options={keys}
          onChange={(k) => k && replace(fresh(k))}
        />
        {RESOURCE.has(key) && (
          <TextField
            name={`${name}-${key}`}
            value={String(value[key] ?? '')}
            showEnd
            onChange={(v) => set([...path, key], v)}
          />
        )}
        {DURATION.has(key) && (
          <DurationField
            name={`${name}-${key}`}
            value={value[key] as string}
            onChange={(v) => set([...path, key], v ?? '1s')}
          />
        )}
      </Row>
      {key === 'music' && (
        <Row label="Duration">
          <DurationField
            name={`${name}-duration`}
            value={value.duration as string | undefined}
            onChange={(v) => set([...path, 'duration'], v)}
          />
        </Row>
      )}
      {key === 'collect' && collect && (
        <>
          <Row label="Into variable">
            <TextField
              name={`${name}-into`}
              value={collect.into ?? ''}
              onChange={(v) => set([...path, 'collect', 'into'], v)}
            />
          </Row>
          <Row label="Prompt">
            <TextField
              name={`${name}-prompt`}
              value={collect.prompt ?? ''}
              showEnd
              onChange={(v) => set([...path, 'collect', 'prompt'], v || undefined)}
            />
          </Row>
          {/* one row each: two fields under one "Digits" label did not say which was the least and which the most */}
          <Row label="Min digits">
            <NumberField
              name={`${name}-min`}
              value={collect.min}
              min={1}
              max={64}
              onChange={(v) => set([...path, 'collect', 'min'], v)}
            />
          </Row>
          <Row label="Max digits">
            <NumberField
              name={`${name}-max`}
              value={collect.max}
              min={1}
              max={64}
              onChange={(v) => set([...path, 'collect', 'max'], v)}
            />
          </Row>
          <Row label="Timeout">
            <DurationField
              name={`${name}-timeout`}
              value={collect.timeout}
              onChange={(v) => set([...path, 'collect', 'timeout'], v)}
            />
          </Row>
        </>
      )}
    </>
  )
}

/** A treatment in a few words for a button's name: its kind and argument ("music music/hold"). */
export function treatmentSummary(item: Treatment): string {
  const key = treatmentKeysOf(item)[0]
  if (key === undefined) return 'empty'
  const arg = item[key]
  return typeof arg === 'string' ? `${key} ${arg}` : key
}

/** The treatments a caller hears while waiting in a target node, in order. */
export function WaitingTreatments({
  items,
  set,
}: {
  items: readonly Treatment[]
  set: (path: Path, value: unknown) => void
}) {
  const update = (next: Treatment[]) => set(['treatments'], next.length === 0 ? undefined : next)
  return (
    <div className="rw-list" data-testid="field-treatments">
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: treatments have no identity besides their place
        <div className="rw-list__block" key={i}>
          <TreatmentFields
            name={`treatments-${i}`}
            value={item}
            path={['treatments', i]}
            set={set}
            allowCollect={false}
            replace={(t) => {
              const next = [...items]
              next[i] = t
              update(next)
            }}
            // beside the treatment it removes, named for it: a lone × under the fields read as belonging to none
            remove={
              <RemoveButton
                label={`Remove treatment ${i + 1} (${treatmentSummary(item)})`}
                onClick={() => update(items.filter((_, j) => j !== i))}
              />
            }
          />
        </div>
      ))}
      <ListControls label="treatment" onAdd={() => update([...items, { music: 'music/hold' }])} />
    </div>
  )
}
