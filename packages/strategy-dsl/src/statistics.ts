// pure: the catalogue of statistics every provider must understand; names are the contract with the runtime.

/** What a statistic is about. */
export type StatSubjectKind = 'agent' | 'group' | 'queue'

export interface StatisticInfo {
  name: string
  subjects: readonly StatSubjectKind[]
  unit: 'count' | 'seconds' | 'ratio'
  /** Whether a lower value is better, so `pick: { min: X }` is the natural rule for it. */
  lowerIsBetter: boolean
  description: string
  /** A parameter in the name, as in `ServiceLevel(20s)`: the answer-time threshold. */
  parameter?: 'duration'
}

/** Every statistic by name, in the order the designer offers them. */
export const STATISTICS: readonly StatisticInfo[] = [
  {
    name: 'AgentsLoggedIn',
    subjects: ['group', 'queue'],
    unit: 'count',
    lowerIsBetter: false,
    description: 'Agents logged in',
  },
  {
    name: 'AgentsReady',
    subjects: ['group', 'queue'],
    unit: 'count',
    lowerIsBetter: false,
    description: 'Agents ready with free capacity for the media',
  },
  {
    name: 'TimeInReadyState',
    subjects: ['agent'],
    unit: 'seconds',
    lowerIsBetter: false,
    description: 'Seconds since the agent became ready (longest idle)',
  },
  {
    name: 'TimeInState',
    subjects: ['agent'],
    unit: 'seconds',
    lowerIsBetter: false,
    description: 'Seconds in the current state',
  },
  {
    name: 'Occupancy',
    subjects: ['agent', 'group'],
    unit: 'ratio',
    lowerIsBetter: true,
    description: 'Share of logged-in time spent handling interactions (0..1)',
  },
  {
    name: 'InteractionsHandled',
    subjects: ['agent', 'group', 'queue'],
    unit: 'count',
    lowerIsBetter: true,
    description: 'Interactions handled in the window',
  },
  {
    name: 'CurrentLoad',
    subjects: ['agent'],
    unit: 'count',
    lowerIsBetter: true,
    description: 'Interactions the agent is handling now',
  },
  {
    name: 'InteractionsWaiting',
    subjects: ['group', 'queue'],
    unit: 'count',
    lowerIsBetter: true,
    description: 'Interactions waiting for this target',
  },
  {
    name: 'OldestWaiting',
    subjects: ['group', 'queue'],
    unit: 'seconds',
    lowerIsBetter: true,
    description: 'Seconds the oldest waiting interaction has waited',
  },
  {
    name: 'AverageHandleTime',
    subjects: ['agent', 'group', 'queue'],
    unit: 'seconds',
    lowerIsBetter: true,
    description: 'Average handle time in the window',
  },
  {
    name: 'AverageSpeedOfAnswer',
    subjects: ['group', 'queue'],
    unit: 'seconds',
    lowerIsBetter: true,
    description: 'Average wait before answer in the window',
  },
  {
    name: 'ExpectedWaitTime',
    subjects: ['group', 'queue'],
    unit: 'seconds',
    lowerIsBetter: true,
    description: 'Expected wait for a new interaction (EWT)',
  },
  {
    name: 'ServiceLevel',
    subjects: ['group', 'queue'],
    unit: 'ratio',
    lowerIsBetter: false,
    description: 'Share answered within T seconds, e.g. ServiceLevel(20s)',
    parameter: 'duration',
  },
  {
    name: 'AbandonRate',
    subjects: ['group', 'queue'],
    unit: 'ratio',
    lowerIsBetter: true,
    description: 'Share of interactions abandoned while waiting',
  },
  {
    name: 'Entered',
    subjects: ['group', 'queue'],
    unit: 'count',
    lowerIsBetter: true,
    description:
      'Interactions that entered this target in the window, including those that went on to a later queue',
  },
  {
    name: 'OverflowOut',
    subjects: ['group', 'queue'],
    unit: 'count',
    lowerIsBetter: true,
    description:
      'Interactions that left this target for a later queue in the window (neither answered nor abandoned here)',
  },
]

const byName = new Map(STATISTICS.map((s) => [s.name, s]))

/** Statistic windows: the current value, a sliding window of N minutes, or since local midnight. */
export type StatWindow = 'current' | 'since-midnight' | `${number}m`

const STAT_NAME_RE = /^([A-Za-z]+)(?:\((\d+(?:s|m)?)\))?$/

/** Looks up `"ServiceLevel(20s)"` -> the ServiceLevel entry with its parameter, or `undefined` when unknown. */
export function lookupStatistic(name: string): { info: StatisticInfo; parameter?: string } | undefined {
  const match = STAT_NAME_RE.exec(name)
  if (!match) return undefined
  const info = byName.get(match[1] ?? '')
  if (!info) return undefined
  if (match[2] !== undefined && info.parameter === undefined) return undefined
  return match[2] === undefined ? { info } : { info, parameter: match[2] }
}

/** Checks a window name: `current`, `since-midnight` or `<N>m` with N from 1 to 1440. */
export function isStatWindow(value: string): value is StatWindow {
  if (value === 'current' || value === 'since-midnight') return true
  const m = /^(\d{1,4})m$/.exec(value)
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 1440
}
