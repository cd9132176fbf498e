// The Monitor's waiting counts, by the rule its tables state: an interaction counts once in the row of each target it
// waits for (sales or support: in both rows), and once in the total, so the rows may add up to more than the total.
import { describe, expect, it } from 'vitest'
import { waitsOf } from '../src/monitor/monitor.ts'

const rows = (waiting: Parameters<typeof waitsOf>[0]) => {
  const { byTarget, total } = waitsOf(waiting)
  return { rows: Object.fromEntries([...byTarget].map(([id, w]) => [id, w.count])), total }
}

describe('waitsOf', () => {
  it('counts one waiting for sales or support in both rows and once in the total', () => {
    expect(
      rows([
        { interaction: 'c1', targets: ['group:sales', 'group:support'], since: 1 },
        { interaction: 'c2', targets: ['group:sales'], since: 2 },
      ]),
    ).toEqual({ rows: { 'group:sales': 2, 'group:support': 1 }, total: 2 })
  })

  it('counts an interaction once per row when two versions list it or it names a target twice', () => {
    const { byTarget, total } = waitsOf([
      // a target naming sales twice (two targets of one node, thresholds apart)
      { interaction: 'c1', targets: ['group:sales', 'group:sales', 'group:support'], since: 5 },
      // c1 again on the draining version's line, waiting longer there: its oldest wait is that one
      { interaction: 'c1', targets: ['group:sales'], since: 3 },
      { interaction: 'c2', targets: ['group:support'], since: 4 },
    ])
    expect(total).toBe(2)
    expect(byTarget.get('group:sales')).toEqual({ count: 1, since: 3 })
    expect(byTarget.get('group:support')).toEqual({ count: 2, since: 4 })
  })
})
