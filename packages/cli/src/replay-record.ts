// pure: serve's answer to GET /v1/interactions/{id} turned back into run's inputs (a scenario), with what the record
// does not carry listed beside the value assumed for it, and the decision the router made, to compare a replay with.
import { printable } from '@routewright/node-support/printable'
import { formatDuration, type Scenario } from '@routewright/strategy-dsl'
import { shortenedToWidth } from '@routewright/strategy-dsl/cut-text'
import { UsageError } from './args.ts'

/** What the router decided for the recorded interaction. */
export interface Decision {
  outcome?: string
  agent?: string
  target?: string
  destination?: string
  /** The node that decided: the selection's, or the one the interaction finished at. */
  node?: string
}

/** An input the record does not carry, and the value the replay assumes for it. */
export interface NotRecorded {
  input: string
  assumed: string
}

export interface ReplayInputs {
  interaction: string
  strategy: string
  version: string
  scenario: Scenario
  recorded: Decision
  notRecorded: NotRecorded[]
  /** What `--interaction` gave beside the record (the fields it lacks). */
  given?: Scenario['interaction']
}

interface TraceEntry {
  at?: number
  strategy?: string
  node?: string
  kind?: string
  name?: string
  value?: unknown
  message?: string
}

interface Candidate {
  agent: string
  values: Record<string, number>
  excluded?: string
}

const FIX =
  'Give the JSON serve answered for GET /v1/interactions/{id}: curl -s $URL/v1/interactions/c1 > c1.json'

// a statistic read, as the engine traces it: `ExpectedWaitTime of queue:sales (current)`
const STAT_READ = /^(\S+) of (.+) \(([^()]*)\)$/
const FUNCTION_THREW = /^Function "(.+)" threw: (.*)$/s

/**
 * The scenario that replays `record` (a parsed GET /v1/interactions/{id} answer, cited as `where`); `callOf` names
 * the host function a function node of a strategy calls, in the strategies the replay runs.
 */
export function replayInputs(
  record: unknown,
  where: string,
  callOf: (strategy: string, node: string) => string | undefined,
): ReplayInputs {
  const view = interactionRecord(record, where)
  const trace = view.trace as TraceEntry[]
  const recorded = decisionOf(view, trace)
  if (recorded.agent === undefined && recorded.destination === undefined && recorded.outcome === undefined)
    throw new UsageError(
      `${where}: interaction "${view.id}" has not been routed (state ${view.state}): there is no decision to replay`,
      'Save its view again once it is routed (state reserved, connected, completed or finished)',
    )
  if (isObject(view.explanation) && view.explanation.node === '')
    throw new UsageError(
      `${where}: interaction "${view.id}" arrived connected to ${String(view.agent)}: no routing decision was made`,
      'Replay an interaction the strategy routed',
    )
  const notRecorded: NotRecorded[] = []
  const scenario: Scenario = {
    name: `replay of ${view.id}`,
    expect: {},
    at: new Date(view.submittedAt).toISOString(),
    interaction: isObject(view.submitted)
      ? submittedInteraction(view, view.submitted)
      : guessedInteraction(view, trace, notRecorded),
  }
  const agents = agentsOf(view.explanation, scenario, notRecorded)
  if (Object.keys(agents).length > 0) scenario.agents = agents
  const stats = statsOf(trace, notRecorded)
  if (Object.keys(stats).length > 0) scenario.stats = { ...scenario.stats, ...stats }
  const functions = functionsOf(trace, callOf, notRecorded)
  if (Object.keys(functions).length > 0) scenario.functions = functions
  return {
    interaction: view.id,
    strategy: view.strategy,
    version: view.version,
    scenario,
    recorded,
    notRecorded,
  }
}

interface View {
  id: string
  strategy: string
  version: string
  media: string
  state: string
  submittedAt: number
  trace: unknown[]
  agent?: unknown
  target?: unknown
  outcome?: unknown
  destination?: unknown
  data?: unknown
  explanation?: unknown
  /** What the host submitted (absent in a record of an older serve). */
  submitted?: unknown
}

/** A text of the caller's file in a message: control characters shown, cut at a width. */
function quoted(text: string): string {
  return shortenedToWidth(printable(text), 200)
}

function interactionRecord(record: unknown, where: string): View {
  const missing = (field: string) =>
    new UsageError(`${where} is not an interaction record of serve: ${field}`, FIX)
  if (!isObject(record)) throw missing('it is not a JSON object')
  // a saved 404 or 401 (`curl -s` writes the error body as readily as the record): said as serve's answer
  if (typeof record.error === 'string' && record.id === undefined)
    throw new UsageError(
      `${where} is an error answer of serve, not an interaction record: ${quoted(record.error)}${typeof record.code === 'string' ? ` (code ${quoted(record.code)})` : ''}`,
      `Save the record of an interaction serve knows (it answered with an error for the one asked): curl -sf $URL/v1/interactions/c1 > c1.json`,
    )
  for (const field of ['id', 'strategy', 'version', 'media', 'state'])
    if (typeof record[field] !== 'string') throw missing(`it has no "${field}" text`)
  if (typeof record.submittedAt !== 'number' || !Number.isFinite(record.submittedAt))
    throw missing('it has no "submittedAt" time')
  if (!Array.isArray(record.trace) || !record.trace.every(isObject))
    throw missing('it has no "trace" list (a submit answer leaves it out: GET the interaction)')
  return record as unknown as View
}

/** What a record or a replay's result says was decided: its fields, and the node of its selection or finish. */
export function decisionOf(
  view: {
    agent?: unknown
    target?: unknown
    destination?: unknown
    outcome?: unknown
    explanation?: unknown
  },
  trace: readonly TraceEntry[],
): Decision {
  const out: Decision = {}
  if (typeof view.agent === 'string') out.agent = view.agent
  if (typeof view.target === 'string') out.target = view.target
  if (typeof view.destination === 'string') out.destination = view.destination
  if (typeof view.outcome === 'string') out.outcome = view.outcome
  else if (out.agent !== undefined) out.outcome = 'routed'
  const finish = trace.findLast((e) => e.kind === 'finish')
  if (out.agent !== undefined && isObject(view.explanation) && typeof view.explanation.node === 'string')
    out.node = view.explanation.node
  else if (typeof finish?.node === 'string') out.node = finish.node
  return out
}

/** The interaction as the host submitted it (a field it left out took its default there, and here too). */
function submittedInteraction(
  view: View,
  submitted: Record<string, unknown>,
): NonNullable<Scenario['interaction']> {
  const out: NonNullable<Scenario['interaction']> = { media: view.media }
  if (typeof submitted.ani === 'string') out.ani = submitted.ani
  if (typeof submitted.dnis === 'string') out.dnis = submitted.dnis
  if (typeof submitted.priority === 'number') out.priority = submitted.priority
  out.data = isObject(submitted.data) ? submitted.data : {}
  return out
}

/** A record of an older serve keeps no submitted fields: the defaults are assumed, the data rebuilt from the view. */
function guessedInteraction(
  view: View,
  trace: TraceEntry[],
  notRecorded: NotRecorded[],
): NonNullable<Scenario['interaction']> {
  notRecorded.push(
    { input: 'interaction.ani', assumed: 'none' },
    { input: 'interaction.dnis', assumed: 'none' },
    { input: 'interaction.priority', assumed: '0 (the start priority)' },
  )
  return { media: view.media, data: hostData(view, trace, notRecorded) }
}

/** The data the host gave: what the view holds less the keys the strategy wrote (the trace's `data.<key>`). */
function hostData(view: View, trace: TraceEntry[], notRecorded: NotRecorded[]): Record<string, unknown> {
  if (!isObject(view.data)) {
    notRecorded.push({
      input: 'interaction.data',
      assumed: '{} (a record holds the data only once the strategy attached some)',
    })
    return {}
  }
  const written = new Set<string>()
  for (const e of trace)
    if (e.kind === 'value' && typeof e.name === 'string' && e.name.startsWith('data.'))
      written.add(e.name.slice('data.'.length))
  // own keys only, whatever the host named them (`__proto__` included): fromEntries defines, never assigns
  const data = Object.fromEntries(Object.entries(view.data).filter(([key]) => !written.has(key)))
  if (written.size > 0)
    notRecorded.push({
      input: `interaction.data ${[...written].join(', ')}`,
      assumed:
        'absent (the strategy wrote these keys: what the host gave for them, if anything, is not kept)',
    })
  return data
}

/** Agent states as far as the selection's candidates say; every other agent is not recorded. */
function agentsOf(
  explanation: unknown,
  scenario: Scenario,
  notRecorded: NotRecorded[],
): NonNullable<Scenario['agents']> {
  if (!isObject(explanation) || !Array.isArray(explanation.candidates)) {
    notRecorded.push({ input: 'agents', assumed: 'none logged in (no selection was recorded)' })
    return {}
  }
  const agents = new Map<string, NonNullable<Scenario['agents']>[string]>()
  const agentStats = new Map<string, Map<string, number>>()
  // an agent listed under several targets: its eligible entry says the most
  const candidates = (explanation.candidates as unknown[])
    .filter(isCandidate)
    .sort((a, b) => Number(a.excluded !== undefined) - Number(b.excluded !== undefined))
  for (const c of candidates) {
    if (agents.has(c.agent)) continue
    const idle = c.values.TimeInReadyState
    const state = stateOf(c.excluded)
    agents.set(
      c.agent,
      idle === undefined && c.values.Occupancy === undefined
        ? state
        : {
            state,
            ...(idle === undefined ? {} : { since: formatDuration(Math.round(idle * 1000)) }),
            ...(c.values.Occupancy === undefined ? {} : { occupancy: clampShare(c.values.Occupancy) }),
          },
    )
    const figures = agentStats.get(`agent:${c.agent}`) ?? new Map<string, number>()
    for (const [name, value] of Object.entries(c.values))
      if (name !== 'TimeInReadyState' && name !== 'Occupancy') figures.set(name, value)
    if (figures.size > 0) agentStats.set(`agent:${c.agent}`, figures)
  }
  if (agentStats.size > 0) scenario.stats = plain(agentStats)
  const excluded = candidates.filter((c) => c.excluded === 'no-capacity' || c.excluded === 'reserved')
  if (excluded.length > 0)
    notRecorded.push({
      input: `load of ${excluded.map((c) => c.agent).join(', ')}`,
      assumed: 'busy, without the interactions they held',
    })
  if (typeof explanation.weighed === 'number')
    notRecorded.push({
      input: `the ${explanation.weighed} candidates of a summarised explanation`,
      assumed: 'not logged in',
    })
  notRecorded.push({ input: 'agents other than the candidates', assumed: 'not logged in' })
  return Object.fromEntries(agents)
}

/** A candidate as the runtime explains one: an agent id and the numbers the rule compared. */
function isCandidate(value: unknown): value is Candidate {
  return (
    isObject(value) &&
    typeof value.agent === 'string' &&
    isObject(value.values) &&
    Object.values(value.values).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    (value.excluded === undefined || typeof value.excluded === 'string')
  )
}

function stateOf(excluded: string | undefined): 'ready' | 'not-ready' | 'busy' | 'reserved' {
  if (excluded === 'not-ready') return 'not-ready'
  if (excluded === 'no-capacity') return 'busy'
  if (excluded === 'reserved') return 'reserved'
  return 'ready'
}

function clampShare(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/** The statistics the strategy read, by subject then name: the first reading of each (a replay holds one value). */
function statsOf(trace: TraceEntry[], notRecorded: NotRecorded[]): Record<string, Record<string, number>> {
  const stats = new Map<string, Map<string, number>>()
  const changed = new Set<string>()
  for (const e of trace) {
    if (e.kind !== 'stat' || typeof e.name !== 'string' || typeof e.value !== 'number') continue
    const read = STAT_READ.exec(e.name)
    if (!read) continue
    const [, statistic = '', subject = ''] = read
    const figures = stats.get(subject) ?? new Map<string, number>()
    stats.set(subject, figures)
    const first = figures.get(statistic)
    if (first === undefined) figures.set(statistic, e.value)
    else if (first !== e.value) changed.add(`${statistic} of ${subject}`)
  }
  for (const name of changed)
    notRecorded.push({ input: `later readings of ${name}`, assumed: 'its first reading' })
  return plain(stats)
}

/** Figures by subject then name as plain objects: own keys, whatever the record named them. */
function plain(figures: Map<string, Map<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries([...figures].map(([subject, named]) => [subject, Object.fromEntries(named)]))
}

/** The host functions' answers, as their function nodes traced them: the first of each function. */
function functionsOf(
  trace: TraceEntry[],
  callOf: (strategy: string, node: string) => string | undefined,
  notRecorded: NotRecorded[],
): NonNullable<Scenario['functions']> {
  const functions = new Map<string, NonNullable<Scenario['functions']>[string]>()
  let entered: TraceEntry | undefined
  for (const e of trace) {
    if (e.kind === 'enter') entered = e
    if (entered?.name !== 'function' || e.node !== entered.node || e.strategy !== entered.strategy) continue
    const threw = e.kind === 'error' && typeof e.message === 'string' ? FUNCTION_THREW.exec(e.message) : null
    if (threw) {
      if (!functions.has(threw[1]!)) functions.set(threw[1]!, { throws: threw[2]! })
      continue
    }
    if (e.kind !== 'value') continue
    const call = callOf(String(e.strategy), String(e.node))
    if (call === undefined)
      notRecorded.push({
        input: `the function answer of node ${e.node}`,
        assumed: 'unused (the strategy replayed has no function node there)',
      })
    else if (!functions.has(call)) functions.set(call, { returns: e.value as never })
  }
  return Object.fromEntries(functions)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * What the replay read that the record did not carry (a newer strategy reads more): statistics it read with the
 * value the replay's provider gave, host functions it called with no recorded answer.
 */
export function unrecordedReads(
  trace: readonly TraceEntry[],
  scenario: Scenario,
  callOf: (strategy: string, node: string) => string | undefined,
): NotRecorded[] {
  const out = new Map<string, string>()
  for (const e of trace) {
    if (e.kind === 'stat' && typeof e.name === 'string') {
      const read = STAT_READ.exec(e.name)
      if (read && scenario.stats?.[read[2]!]?.[read[1]!] === undefined)
        out.set(`${read[1]} of ${read[2]}`, `${String(e.value)} (the replay's provider answered it)`)
    }
    if (e.kind === 'enter' && e.name === 'function') {
      const call = callOf(String(e.strategy), String(e.node))
      if (call !== undefined && scenario.functions?.[call] === undefined)
        out.set(`the answer of function ${call}`, 'none: not registered, its node takes its error path')
    }
  }
  return [...out].map(([input, assumed]) => ({ input, assumed }))
}
