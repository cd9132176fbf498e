import { type PickRule, STATISTICS } from '@routewright/strategy-dsl'
import { SelectField } from './fields.tsx'

const NAMED = ['longest-idle', 'least-occupied', 'random', 'round-robin'] as const
type Mode = (typeof NAMED)[number] | 'min' | 'max'

const AGENT_STATISTICS = STATISTICS.filter((s) => s.subjects.includes('agent'))

/** The pick rule: a named rule, or min/max of an agent statistic from the catalogue. */
export function PickRuleEditor({
  pick,
  onChange,
}: {
  pick: PickRule | undefined
  onChange: (p: PickRule | undefined) => void
}) {
  const mode: Mode =
    pick === undefined ? 'longest-idle' : typeof pick === 'string' ? pick : 'min' in pick ? 'min' : 'max'
  const statistic =
    pick !== undefined && typeof pick === 'object' ? ('min' in pick ? pick.min : pick.max) : undefined
  return (
    <div className="rw-inline">
      <SelectField<Mode>
        name="pick"
        value={mode}
        options={[
          { value: 'longest-idle', label: 'longest idle' },
          { value: 'least-occupied', label: 'least occupied' },
          { value: 'random', label: 'random' },
          { value: 'round-robin', label: 'round robin' },
          { value: 'min', label: 'min of statistic' },
          { value: 'max', label: 'max of statistic' },
        ]}
        onChange={(m) => {
          if (m === undefined || m === 'longest-idle') return onChange(undefined)
          if (m === 'min' || m === 'max') {
            const fallback =
              AGENT_STATISTICS.find((s) => s.lowerIsBetter === (m === 'min'))?.name ?? 'Occupancy'
            return onChange(m === 'min' ? { min: statistic ?? fallback } : { max: statistic ?? fallback })
          }
          onChange(m)
        }}
      />
      {(mode === 'min' || mode === 'max') && (
        <SelectField
          name="pick-statistic"
          value={statistic}
          options={AGENT_STATISTICS.map((s) => ({ value: s.name, label: `${s.name} (${s.unit})` }))}
          onChange={(s) => s && onChange(mode === 'min' ? { min: s } : { max: s })}
        />
      )}
    </div>
  )
}
