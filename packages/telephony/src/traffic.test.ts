// demo:sip's run figures from the bridge's: its `waits` hold the last answered calls only.
import { describe, expect, it } from 'vitest'
import type { BridgeFigures } from './bridge.ts'
import { figuresOf } from './traffic.ts'

function make(overrides: Partial<BridgeFigures>): BridgeFigures {
  return { offered: 5, answered: 4, abandoned: 1, abandonedRinging: 0, ...overrides } as BridgeFigures
}

describe("a run's figures", () => {
  it('takes the ASA from all answered calls and the service level from the share of the kept waits', () => {
    // 4 answered, the last 2 kept: half of them within 5 s stands for 2 of the 4
    const f = figuresOf(make({ waits: [1, 10], waitCount: 4, waitSeconds: 20 }), 5)
    expect(f).toMatchObject({ offered: 5, answered: 4, serviceLevel: 0.4, asa: 5 })
  })

  it('is exact while every wait is kept, and 0 ASA with none answered', () => {
    expect(figuresOf(make({ waits: [1, 2, 9, 4], waitCount: 4, waitSeconds: 16 }), 5)).toMatchObject({
      serviceLevel: 0.6,
      asa: 4,
    })
    expect(figuresOf(make({ answered: 0, waits: [], waitCount: 0, waitSeconds: 0 }), 5)).toMatchObject({
      serviceLevel: 0,
      asa: 0,
    })
  })
})
