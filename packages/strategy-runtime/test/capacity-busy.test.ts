// An agent's busy count ("fewest busy") follows its load and reservations through every capacity move.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { busyCount, newAgentRecord } from '../src/selection/agents.ts'
import {
  canTake,
  completePlace,
  confirmPlace,
  releasePlace,
  reservePlace,
  setLoad,
} from '../src/selection/capacity.ts'

const directory: DirectoryDocument = { directory: 'd', format: 1, agents: {} }
const relister = { relist: () => {} }
const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((a, b) => a + b, 0)

describe('busyCount', () => {
  it('equals load plus reserved over every media after any sequence of moves', () => {
    const move = fc.record({
      kind: fc.constantFrom('reserve', 'confirm', 'release', 'complete', 'load'),
      media: fc.constantFrom('voice', 'chat'),
      n: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(fc.array(move, { maxLength: 60 }), (moves) => {
        const agent = newAgentRecord('a', 0, { capacity: { voice: 1, chat: 3 } }, directory, 0)
        for (const { kind, media, n } of moves) {
          // only moves the router makes: each ends a place that exists
          if (kind === 'reserve' && canTake(agent, media)) reservePlace(relister, agent, media)
          if (kind === 'confirm' && (agent.reserved[media] ?? 0) > 0) confirmPlace(agent, media)
          if (kind === 'release' && (agent.reserved[media] ?? 0) > 0) releasePlace(relister, agent, media)
          if (kind === 'complete' && (agent.load[media] ?? 0) > 0) completePlace(relister, agent, media, 1)
          if (kind === 'load') setLoad(relister, agent, { [media]: n })
          expect(busyCount(agent)).toBe(sum(agent.load) + sum(agent.reserved))
        }
      }),
      { seed: 3, numRuns: 200 },
    )
  })

  it('never counts below zero when a completion has no matching load', () => {
    const agent = newAgentRecord('a', 0, {}, directory, 0)
    completePlace(relister, agent, 'voice', 5)
    expect([busyCount(agent), agent.load.voice ?? 0]).toEqual([0, 0])
  })
})
