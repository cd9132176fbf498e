// pure: the Redis key layout shared by the provider (reader) and the feeder (writer); see docs/statistics.md.
import { AGENT_STATES, type AgentState } from '@routewright/strategy-dsl'
import type { AgentStatus, StatSubject } from './provider.ts'

/** `{prefix}agent:{id}`: hash with `state`, `since` (ms), `load` (JSON object per media), `media` (JSON states
 * set for one media only, empty for none), `mediaSince` (JSON ms each of them began, empty for none) and `asOf` (ms). */
export function agentKey(prefix: string, agent: string): string {
  return `${prefix}agent:${agent}`
}

/** `{prefix}stat:{kind}:{id}:{window}`: hash of statistic name -> number, plus `asOf` (ms) for the whole set. */
export function statKey(prefix: string, subject: StatSubject, window: string): string {
  return `${prefix}stat:${subject.kind}:${subject.id}:${window}`
}

/** The channel a feeder publishes changed key names on, for servers without keyspace notifications. */
export function changesChannel(prefix: string): string {
  return `${prefix}changes`
}

export type ParsedKey =
  | { kind: 'agent'; agent: string }
  | { kind: 'stat'; subject: StatSubject; window: string }
  | { kind: 'other' }

/** Tells what a key under the prefix holds. */
export function parseKey(prefix: string, key: string): ParsedKey {
  if (!key.startsWith(prefix)) return { kind: 'other' }
  const rest = key.slice(prefix.length)
  if (rest.startsWith('agent:')) return { kind: 'agent', agent: rest.slice('agent:'.length) }
  const stat = /^stat:(agent|group|queue):(.+):([^:]+)$/.exec(rest)
  if (stat) {
    return {
      kind: 'stat',
      subject: { kind: stat[1] as StatSubject['kind'], id: stat[2] ?? '' },
      window: stat[3] ?? '',
    }
  }
  return { kind: 'other' }
}

/** An agent hash read back: the status and when it was true, or the reason it cannot be used. */
export type DecodedAgent = { status: AgentStatus; asOf: number } | { problem: string }

function finiteNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

export function decodeAgent(fields: Readonly<Record<string, string>>): DecodedAgent {
  const state = fields.state
  if (!AGENT_STATES.includes(state as AgentState)) {
    return { problem: `state "${state ?? ''}" is not one of ${AGENT_STATES.join(', ')}` }
  }
  const since = finiteNumber(fields.since)
  if (since === undefined) return { problem: `since "${fields.since ?? ''}" is not a time in ms` }
  const load: Record<string, number> = {}
  if (fields.load !== undefined && fields.load !== '') {
    let parsed: unknown
    try {
      parsed = JSON.parse(fields.load)
    } catch {
      return { problem: `load "${fields.load}" is not JSON such as {"voice":1}` }
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { problem: `load "${fields.load}" is not an object such as {"voice":1}` }
    }
    for (const [media, count] of Object.entries(parsed)) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        return { problem: `load of ${media} is ${JSON.stringify(count)}, not a count` }
      }
      load[media] = count
    }
  }
  const media = decodeMedia(fields.media)
  if (typeof media === 'string') return { problem: media }
  const mediaSince = decodeMediaSince(fields.mediaSince)
  if (typeof mediaSince === 'string') return { problem: mediaSince }
  const status: AgentStatus = { state: state as AgentState, since, load }
  if (media !== undefined) status.mediaStates = media
  if (mediaSince !== undefined) status.mediaSince = mediaSince
  return { status, asOf: finiteNumber(fields.asOf) ?? since }
}

/** The `media` field: per-media states as JSON (`{"voice":"ready"}`), empty or absent for none; else the problem. */
function decodeMedia(text: string | undefined): Record<string, AgentState> | undefined | string {
  if (text === undefined || text === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return `media "${text}" is not JSON such as {"voice":"ready"}`
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return `media "${text}" is not an object such as {"voice":"ready"}`
  const media: Record<string, AgentState> = {}
  for (const [name, state] of Object.entries(parsed)) {
    if (!AGENT_STATES.includes(state as AgentState))
      return `media state of ${name} is ${JSON.stringify(state)}, not one of ${AGENT_STATES.join(', ')}`
    media[name] = state as AgentState
  }
  return media
}

/** A statistics hash read back: figures by name, the time they were true, and fields that were not numbers. */
export interface DecodedFigures {
  values: Map<string, number>
  asOf: number | undefined
  problems: string[]
}

export function decodeFigures(fields: Readonly<Record<string, string>>): DecodedFigures {
  const values = new Map<string, number>()
  const problems: string[] = []
  for (const [name, text] of Object.entries(fields)) {
    if (name === 'asOf') continue
    const value = finiteNumber(text)
    if (value === undefined) problems.push(`${name} = "${text}" is not a finite number`)
    else values.set(name, value)
  }
  return { values, asOf: finiteNumber(fields.asOf), problems }
}

/** The `mediaSince` field: when each per-media state began, as JSON (`{"voice":1767225600000}`); else the problem. */
function decodeMediaSince(text: string | undefined): Record<string, number> | undefined | string {
  if (text === undefined || text === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return `mediaSince "${text}" is not JSON such as {"voice":1767225600000}`
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return `mediaSince "${text}" is not an object such as {"voice":1767225600000}`
  const since: Record<string, number> = {}
  for (const [name, at] of Object.entries(parsed)) {
    if (typeof at !== 'number' || !Number.isFinite(at))
      return `mediaSince of ${name} is ${JSON.stringify(at)}, not a time in ms`
    since[name] = at
  }
  return since
}
