// Which events the routing process lets linger before their commit: only the records of a host's word.
import { describe, expect, it } from 'vitest'
import { commitWhen } from '../src/core/redis-commit-when.ts'
import type { ServerEvent } from '../src/core/types.ts'

const base = { interaction: 'i1', at: 0, version: 'v1' }

describe('commitWhen', () => {
  it.each<[string, ServerEvent, string]>([
    ['a confirm', { ...base, type: 'finished', outcome: 'routed' }, 'linger'],
    ['an abandon', { ...base, type: 'finished', outcome: 'abandoned' }, 'linger'],
    [
      'an offer that ended',
      { ...base, type: 'reservation-rejected', agent: 'a', reservation: 'r', reason: 'declined' },
      'linger',
    ],
    ['a strategy that sends the host on', { ...base, type: 'finished', outcome: 'default-route' }, 'turn'],
    [
      'an offer',
      {
        ...base,
        type: 'routed',
        node: 'n',
        target: 't',
        agent: 'a',
        reservation: 'r',
        priority: 0,
        explanation: { steps: [] } as never,
      },
      'turn',
    ],
    ['a treatment', { ...base, type: 'treatment', node: 'n', treatment: {}, description: 'music' }, 'turn'],
    ['queued again', { ...base, type: 'queued', node: 'n', priority: 0, targets: [] }, 'turn'],
    ['a refused command', { ...base, type: 'error', reason: 'stale' }, 'turn'],
  ])('%s commits %s', (_, event, when) => {
    expect(commitWhen(event)).toBe(when)
  })
})
