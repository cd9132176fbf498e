import { expect, it } from 'vitest'
import { startTelephonyStack, waitFor } from '../src/index.ts'

it('smoke', async () => {
  const stack = await startTelephonyStack({ agents: [{ id: 'agent01', ringMs: 300 }, { id: 'agent02', ringMs: 300 }] })
  console.log(stack.runDir)
  try {
    const callers = await stack.call([
      { dnis: '5000', patienceMs: 60000, holdMs: 1500, startMs: 0, ani: '+12125550100' },
      { dnis: '5001', patienceMs: 60000, holdMs: 1500, startMs: 100, ani: '+12125550101' },
      { dnis: '5000', patienceMs: 60000, holdMs: 1500, startMs: 200, ani: '+12125550102' },
    ])
    const code = await Promise.race([callers.exited, new Promise((r) => setTimeout(() => r('timeout'), 30000))])
    console.log('exit', code, stack.bridge.figures(), stack.bridge.calls())
    expect(code).toBe(0)
  } finally {
    await stack.stop()
  }
})
