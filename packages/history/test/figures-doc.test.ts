// Each figure is defined once, in docs/figures.md: the table there names every figure the reports compute.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { emptySums, FIGURE_NAMES, figuresOf } from '@routewright/history'
import { expect, it } from 'vitest'

it('documents every figure of a report row, and no other', () => {
  const doc = readFileSync(path.join(import.meta.dirname, '../docs/figures.md'), 'utf8')
  const section = doc.slice(doc.indexOf('## Figures'), doc.indexOf('### Not-ready time by reason'))
  const documented = [...section.matchAll(/^\| (\w+)\s+\|/gm)].map((m) => m[1]).filter((n) => n !== 'figure')
  expect(documented).toEqual([...FIGURE_NAMES])
  expect(Object.keys(figuresOf(emptySums()))).toEqual([...FIGURE_NAMES])
})

it('leaves ratios empty when there is nothing to measure', () => {
  expect(figuresOf(emptySums())).toEqual({
    offered: 0,
    answered: 0,
    entered: null,
    overflowOut: null,
    abandoned: 0,
    abandonedCallerHangup: 0,
    abandonedQueueTimeout: 0,
    abandonedHost: 0,
    abandonedNoReason: 0,
    shortAbandoned: 0,
    serviceLevel: null,
    asa: null,
    aht: null,
    occupancy: null,
    transfers: 0,
    loggedInTime: null,
    readyTime: null,
    notReadyTime: null,
    busyTime: null,
    reservedTime: null,
    wrapUpTime: null,
  })
})

it('gives queue and group rows entered and overflow out, zero when nothing entered', () => {
  expect(figuresOf(emptySums(), {}, true)).toMatchObject({ entered: 0, overflowOut: 0 })
})
