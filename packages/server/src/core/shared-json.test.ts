import v8 from 'node:v8'
import vm from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampledBytes } from '../../test/sampled-bytes.ts'
import { ExplanationTexts } from './explanation-texts.ts'
import type { LocalCoordinator } from './local-coordinator.ts'
import { createPendingChanges } from './redis-pending.ts'
import { EXPLANATION_JSON, explanationJson, replyJson, withExplanation } from './shared-json.ts'
import type { ServerEvent } from './types.ts'

const explanation = () => ({ node: 'pick', rule: 'longest idle', candidates: [{ agent: 'a1', rank: 1 }] })

describe('withExplanation', () => {
  it.each([
    ['explanation last', { id: 'i1', state: 'reserved', explanation: explanation() }],
    ['explanation alone', { explanation: explanation() }],
    ['explanation not last', { explanation: explanation(), id: 'i1' }],
    ['no explanation', { id: 'i1' }],
    ['explanation not an object', { id: 'i1', explanation: 'text' }],
    ['explanation undefined', { id: 'i1', explanation: undefined }],
    ['an explanation with toJSON', { id: 'i1', explanation: { toJSON: () => undefined } }],
    ['a value with toJSON', { id: 'i1', toJSON: () => ({ other: 1 }), explanation: explanation() }],
  ])('writes what JSON.stringify writes: %s', (_, value) => {
    expect(withExplanation(value, new ExplanationTexts())).toBe(JSON.stringify(value))
  })

  it("writes what JSON.stringify writes for any object, the explanation's text remembered or not", () => {
    fc.assert(
      fc.property(fc.object(), fc.object(), fc.boolean(), (head, inner, remembered) => {
        const value = { ...head, explanation: inner }
        const texts = new ExplanationTexts()
        if (remembered) withExplanation({ explanation: inner }, texts)
        expect(withExplanation(value, texts)).toBe(JSON.stringify(value))
      }),
    )
  })

  it('writes what JSON.stringify writes of a copy without the key left out, the value unchanged', () => {
    fc.assert(
      fc.property(fc.object(), fc.object(), fc.object(), fc.boolean(), (head, inner, left, last) => {
        const value = last
          ? { ...head, submitted: left, explanation: inner }
          : { ...head, explanation: inner, submitted: left }
        const { submitted: _, ...copy } = value
        const before = JSON.stringify(value)
        expect(withExplanation(value, new ExplanationTexts(), 'submitted')).toBe(JSON.stringify(copy))
        expect(JSON.stringify(value)).toBe(before)
      }),
    )
  })
})

describe('replyJson', () => {
  it.each([
    ['a text for its explanation', { id: 'i1', explanation: explanation(), [EXPLANATION_JSON]: '{"x":1}' }],
    ['no text', { id: 'i1', explanation: explanation() }],
    ['explanation not last', { explanation: explanation(), id: 'i1', [EXPLANATION_JSON]: '{"x":1}' }],
    ['no explanation', { id: 'i1', [EXPLANATION_JSON]: '{"x":1}' }],
    ['an array', [1, 'two']],
    ['a string', 'text'],
    ['null', null],
  ])("writes JSON.stringify's text but for the explanation written from its text: %s", (_, body) => {
    const used = typeof body === 'object' && body !== null && !Array.isArray(body) && EXPLANATION_JSON in body
    const parsed = JSON.parse(replyJson(body))
    const expected = JSON.parse(JSON.stringify(body))
    if (used && Object.keys(body).at(-1) === 'explanation') expected.explanation = { x: 1 }
    expect(parsed).toEqual(expected)
  })

  it("writes what JSON.stringify writes for any object given its explanation's own text", () => {
    fc.assert(
      fc.property(fc.object(), fc.object(), (head, inner) => {
        const value = { ...head, explanation: inner, [EXPLANATION_JSON]: JSON.stringify(inner) }
        expect(replyJson(value)).toBe(JSON.stringify(value))
      }),
    )
  })
})

describe("a commit's texts", () => {
  it("stringify a routed interaction's explanation once for its event and its record, the same bytes", () => {
    let stringified = 0
    const shared = { ...explanation(), toJSON: undefined as unknown }
    const plain = explanation()
    shared.toJSON = () => {
      stringified++
      return plain
    }
    const record = {
      id: 'i1',
      strategy: 'support',
      media: 'voice',
      version: 'v1',
      state: 'reserved',
      submittedAt: 1,
      updatedAt: 2,
      agent: 'a1',
      explanation: shared,
    }
    const local = {
      record: (id: string) => (id === 'i1' ? record : undefined),
      exportWaiting: () => undefined,
    } as unknown as LocalCoordinator
    const pending = createPendingChanges(local, { maxEvents: 10, closedTtlMs: 1000, maxClosed: 10 }, () => 1)
    const input = { id: 'i1', strategy: 'support' }
    pending.store({ record: record as never, input: input as never, arrival: [1, 1] })
    const event = {
      type: 'routed',
      interaction: 'i1',
      at: 2,
      agent: 'a1',
      version: 'v1',
      explanation: shared,
    } as unknown as ServerEvent
    pending.event(event, JSON.stringify(input))

    const batch = pending.take([])
    expect(stringified).toBe(1)
    expect(batch?.ops.events[0]?.[1]).toBe(JSON.stringify(event))
    expect(batch?.ops.set).toEqual([['i1', JSON.stringify({ record, input, arrival: [1, 1] })]])
  })

  it("stringify a submitted interaction's explanation once for its record and its reply, the same bytes", () => {
    let stringified = 0
    const plain = explanation()
    const shared = {
      ...plain,
      toJSON: () => {
        stringified++
        return plain
      },
    }
    const record = { id: 'i1', strategy: 'support', state: 'reserved', agent: 'a1', explanation: shared }
    const local = {
      record: (id: string) => (id === 'i1' ? record : undefined),
      exportWaiting: () => undefined,
    } as unknown as LocalCoordinator
    const pending = createPendingChanges(local, { maxEvents: 10, closedTtlMs: 1000, maxClosed: 10 }, () => 1)
    // as the leader's submit does: the reply's view takes the text, the record is stored, the batch taken
    const text = pending.explanationText(shared)
    const reply = {
      id: 'i1',
      state: 'reserved',
      path: ['support/pick'],
      explanation: shared,
      [EXPLANATION_JSON]: text,
    }
    pending.store({ record: record as never, arrival: [1, 1] })
    const batch = pending.take([])
    const replied = replyJson(reply)
    expect(stringified).toBe(1)
    expect(replied).toBe(JSON.stringify(reply))
    expect(batch?.ops.set).toEqual([['i1', JSON.stringify({ record, arrival: [1, 1] })]])
  })
})

/**
 * Bytes alive (V8's sampling heap profiler, after a full GC) per character of `make`'s texts, kept: a rope of
 * JSON.stringify's growing buffers is about 2.2, a flat text about 1.05.
 */
async function keptBytesPerChar(make: (value: object) => string | undefined): Promise<number> {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  const values = Array.from({ length: 300 }, (_, i) => ({
    node: 'pick',
    rule: 'longest idle',
    candidates: Array.from({ length: 20 }, (_, j) => ({ agent: `a${i + j}`, idle: i * 1000 + j })),
  }))
  const kept: string[] = new Array(values.length)
  let chars = 0
  // what is still held once a collection ran: the texts kept, not the garbage of making them
  const bytes = await sampledBytes(
    () => {
      for (let i = 0; i < values.length; i++) {
        kept[i] = make(values[i]!) ?? ''
        chars += kept[i]!.length
      }
      gc()
    },
    { samplingInterval: 16, collected: false },
  )
  return bytes / chars
}

describe("an explanation's text", () => {
  const local = { record: () => undefined } as unknown as LocalCoordinator
  const pending = () =>
    createPendingChanges(local, { maxEvents: 10, closedTtlMs: 1000, maxClosed: 10 }, () => 1)

  it('is JSON.stringify of the explanation', () => {
    const value = explanation()
    expect(explanationJson(value)).toBe(JSON.stringify(value))
    expect(pending().explanationText(value)).toBe(JSON.stringify(value))
  })

  // it lives as long as its commit: a scavenge copies what it holds (issue #8's pauses)
  it('is kept flat, not as the rope of buffers JSON.stringify grew it in', async () => {
    // measured first, the rope also takes the first sample's one-off allocations (the profiler's own)
    const rope = await keptBytesPerChar((value) => JSON.stringify(value))
    const texts = pending()
    const flat = [
      await keptBytesPerChar(explanationJson),
      await keptBytesPerChar((value) => texts.explanationText(value)),
    ]
    for (const bytes of flat) expect(bytes).toBeLessThan(rope * 0.75)
  })

  it("leaves a commit's event and record texts flat (they live until the commit is answered)", async () => {
    const rope = await keptBytesPerChar((value) => JSON.stringify(value))
    const eventText = (explanation: object) => {
      const texts = pending()
      // as a routed event is: its explanation not last, so written by one whole stringify
      const event = {
        type: 'routed',
        interaction: 'i1',
        explanation,
        at: 1,
        version: 'v1',
        strategy: 'support',
      }
      texts.event(event as unknown as ServerEvent, undefined)
      return texts.take([])?.events[0]?.[1]
    }
    const recordText = (explanation: object) => {
      const record = { id: 'i1', strategy: 'support', state: 'reserved', agent: 'a1', explanation }
      const withRecord = {
        record: () => record,
        exportWaiting: () => undefined,
      } as unknown as LocalCoordinator
      const texts = createPendingChanges(
        withRecord,
        { maxEvents: 10, closedTtlMs: 1000, maxClosed: 10 },
        () => 1,
      )
      texts.store({ record: record as never, arrival: [1, 1] })
      return texts.take([])?.ops.set[0]?.[1]
    }
    for (const make of [eventText, recordText]) expect(await keptBytesPerChar(make)).toBeLessThan(rope * 0.8)
  })
})
