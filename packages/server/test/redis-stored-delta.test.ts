// An interaction's text in Redis as a stored entry and patch lines: what a takeover and a reader of an ended one get
// back is what was written whole before, and texts of builds before the patches still read.
import type { TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import type { InteractionRecord } from '../src/core/interaction-book.ts'
import type { StoredInteraction } from '../src/core/redis-stored.ts'
import {
  closingPatch,
  MAX_LINES,
  parseClosed,
  parseStored,
  sentEntry,
  storedPatch,
} from '../src/core/redis-stored-delta.ts'
import type { InteractionView } from '../src/core/types.ts'

const explanation = {
  node: 'pick',
  rule: 'longest idle',
  candidates: [{ agent: 'a1', target: 'group:support', values: { TimeInReadyState: 0.32 }, rank: 1 }],
  reason: 'a1 has been idle longest (0.32s) as the only eligible candidate',
  winner: 'a1',
}

function reserved(): InteractionRecord {
  return {
    id: 'x1',
    strategy: 'support',
    media: 'voice',
    version: 'v1',
    state: 'reserved',
    submittedAt: 100,
    updatedAt: 101,
    agent: 'a1',
    target: 'group:support',
    reservation: 'x1#1',
    explanation,
  } as InteractionRecord
}

function traceOf(): TraceEntry[] {
  return [
    { at: 100, strategy: 'support', node: 'pick', kind: 'enter', name: 'target' },
    { at: 101, strategy: 'support', node: 'pick', kind: 'selection', name: 'arrival', value: explanation },
    { at: 200, strategy: 'support', node: 'pick', kind: 'finish', name: 'routed' },
  ]
}

/** The record goes reserved -> connected as the interaction book changes it: in place. */
function connect(record: InteractionRecord): void {
  record.state = 'connected'
  record.updatedAt = 200
  record.outcome = 'routed'
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('stored entry and patch lines', () => {
  it('reads a connected interaction back as the whole entry it replaces, its explanation written once', () => {
    const record = reserved()
    const base: StoredInteraction = {
      record,
      input: { id: 'x1', strategy: 'support', media: 'voice' },
      arrival: [1, 1],
    }
    const text = JSON.stringify(base)
    const sent = sentEntry(base)
    connect(record)
    const connected: StoredInteraction = { record, trace: traceOf(), arrival: [1, 1] }
    const line = storedPatch(sent, connected)!
    expect(line.length).toBeLessThan(JSON.stringify(connected).length / 2)
    expect(line.split(explanation.reason).length - 1).toBe(0)
    expect(parseStored('x1', `${text}\n${line}`)).toEqual(copy(connected))
  })

  it('removes a field the record no longer has (a reservation rejected)', () => {
    const record = reserved()
    const base: StoredInteraction = { record, arrival: [1, 1] }
    const text = JSON.stringify(base)
    const sent = sentEntry(base)
    record.state = 'queued'
    delete record.reservation
    const line = storedPatch(sent, { record, arrival: [1, 1] })!
    const read = parseStored('x1', `${text}\n${line}`)
    expect(read.record.state).toBe('queued')
    expect('reservation' in read.record).toBe(false)
  })

  it('asks for the whole entry once the text has MAX_LINES lines', () => {
    const record = reserved()
    const sent = sentEntry({ record, arrival: [1, 1] })
    record.updatedAt = 102
    expect(storedPatch(sent, { record, arrival: [1, 1] })).toBe('{"r":{"updatedAt":102}}')
    sent.lines = MAX_LINES
    expect(storedPatch(sent, { record, arrival: [1, 1] })).toBeUndefined()
  })

  it('drops the waiting snapshot of one routed after waiting', () => {
    const record = reserved()
    const snapshot = { waited: 1 } as never
    const base: StoredInteraction = { record, snapshot, arrival: [1, 1] }
    const text = JSON.stringify(base)
    const sent = sentEntry(base)
    connect(record)
    const line = storedPatch(sent, { record, trace: traceOf(), arrival: [1, 1] })!
    expect(parseStored('x1', `${text}\n${line}`)).toEqual(copy({ record, trace: traceOf(), arrival: [1, 1] }))
  })

  it('asks for the whole entry when a new waiting snapshot is stored', () => {
    const record = reserved()
    const sent = sentEntry({ record, arrival: [1, 1] })
    expect(storedPatch(sent, { record, snapshot: {} as never, arrival: [1, 1] })).toBeUndefined()
  })

  it('reads an ended interaction as the view written whole before', () => {
    const record = reserved()
    const base: StoredInteraction = { record, arrival: [1, 1] }
    const lines = [JSON.stringify(base)]
    let sent = sentEntry(base)
    connect(record)
    const connected: StoredInteraction = { record, trace: traceOf(), arrival: [1, 1] }
    lines.push(storedPatch(sent, connected)!)
    sent = sentEntry(connected)
    record.state = 'completed'
    record.updatedAt = 300
    const { explanation: e, ...rest } = record
    const view = { ...rest, path: ['pick'], explanation: e, trace: traceOf() } as InteractionView
    const closing = closingPatch(sent, record, view)
    expect(closing).toBe('{"p":["pick"],"r":{"state":"completed","updatedAt":300}}')
    lines.push(closing)
    expect(JSON.stringify(parseClosed('x1', lines.join('\n')))).toBe(JSON.stringify(view))
  })

  it('reads the whole texts of builds before the patches', () => {
    const record = reserved()
    const entry: StoredInteraction = { record, input: { id: 'x1', strategy: 'support', media: 'voice' } }
    expect(parseStored('x1', JSON.stringify(entry))).toEqual(copy(entry))
    const view = { ...record, path: ['pick'], trace: traceOf() }
    expect(parseClosed('x1', JSON.stringify(view))).toEqual(copy(view))
  })

  it('refuses a text it cannot read with the id and a reason', () => {
    expect(() => parseStored('x9', '{"record":{}}\nnot json')).toThrow(
      /Redis holds the interaction "x9" in a form this build does not read/,
    )
    expect(() => parseStored('x9', '{"id":"x9"}')).toThrow(/"x9" without its record/)
    expect(() => parseClosed('x9', '{"record":{}}\n{"r":{}}')).toThrow(/"x9" without its closing line/)
  })
})
