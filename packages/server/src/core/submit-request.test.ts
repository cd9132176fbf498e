// A submit's fingerprint and the answer to a submit of an id already known: replayed, or 409 saying why.
import { describe, expect, it } from 'vitest'
import { queuedView } from '../../test/queued-record.ts'
import { answerRetried, requestFingerprint } from './submit-request.ts'

const view = () => queuedView('c1')

describe('requestFingerprint', () => {
  it('is one for the same request, defaults and key order aside', () => {
    expect(
      requestFingerprint({ id: 'c1', strategy: 's', data: { a: 1, b: { c: [1, { d: 2, e: 3 }] } } }),
    ).toBe(
      requestFingerprint({
        id: 'c1',
        strategy: 's',
        media: 'voice',
        priority: 0,
        data: { b: { c: [1, { e: 3, d: 2 }] }, a: 1 },
      }),
    )
  })

  it('keeps no field in clear', () => {
    expect(requestFingerprint({ id: 'c1', strategy: 's', ani: '+33140000000' })).not.toContain('33140000000')
  })
})

describe('answerRetried', () => {
  it('answers the same request with the interaction, marked replayed', () => {
    const request = requestFingerprint({ id: 'c1', strategy: 'support' })
    expect(answerRetried({ id: 'c1', state: 'queued', request }, request, view)).toEqual({
      ok: true,
      value: { ...view(), replayed: true },
    })
  })

  it.each([
    ['strategy', { strategy: 'sales' }],
    ['media', { media: 'chat' }],
    ['ani', { ani: '1' }],
    ['dnis', { dnis: '2' }],
    ['priority', { priority: 1 }],
    ['data', { data: { tier: 'gold' } }],
    ['connectedTo', { connectedTo: { agent: 'ann' } }],
  ])('refuses another request naming the field that differs: %s', (field, change) => {
    const kept = requestFingerprint({ id: 'c1', strategy: 'support' })
    const given = requestFingerprint({ id: 'c1', strategy: 'support', ...change })
    expect(answerRetried({ id: 'c1', state: 'queued', request: kept }, given, view)).toEqual({
      ok: false,
      status: 409,
      code: 'duplicate-id',
      error: `Interaction "c1" exists (queued) from another request: its "${field}" differs; ids must be unique (a submit retried with the same body answers the interaction instead)`,
    })
  })

  it('refuses every submit of an id whose view an older server wrote (no fingerprint), saying so', () => {
    const given = requestFingerprint({ id: 'c1', strategy: 'support' })
    expect(answerRetried({ id: 'c1', state: 'completed' }, given, view)).toEqual({
      ok: false,
      status: 409,
      code: 'duplicate-id',
      error:
        'Interaction "c1" exists (completed) and ids must be unique; its view was written by an older server, which kept no fingerprint of its request, so a retried submit cannot be told from another: read GET /v1/interactions/c1 instead',
    })
  })

  it('answers 422 again when the first submit was refused by the strategy before entering a node', () => {
    const request = requestFingerprint({ id: 'c1', strategy: 'support' })
    const failed = () => ({
      ...view(),
      state: 'failed' as const,
      path: [],
      reason: 'input "tier" is required',
    })
    expect(answerRetried({ id: 'c1', state: 'failed', request }, request, failed)).toEqual({
      ok: false,
      status: 422,
      error: 'input "tier" is required',
    })
  })
})
