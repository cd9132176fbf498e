// The cluster tests' host gives up when no process answers, instead of retrying past the end of its test (a loop
// that keeps a test worker busy and calls whatever later listens on the port).
import { freePort } from '@routewright/node-support/ports'
import { describe, expect, it } from 'vitest'
import { driveCluster } from './cluster-ledger.ts'
import { clusterWorkspace } from './cluster-workspace.ts'

describe('driveCluster', () => {
  it('fails, naming the call, when no process answers for timeoutMs', async () => {
    const workspace = clusterWorkspace(2)
    try {
      // a port nobody listens on: every call answers "dead process" (status 0)
      const dead = `http://127.0.0.1:${await freePort()}`
      const started = Date.now()
      await expect(
        driveCluster({
          urls: () => [dead],
          streamUrl: dead,
          count: 4,
          inFlight: 2,
          rules: workspace.rules,
          timeoutMs: 400,
        }),
      ).rejects.toThrow(/^PUT \/v1\/agents\/a0\/state: no process answered for 400 ms \(0\)$/)
      // it gave up on its own (the test's 30 s timeout did not end it)
      expect(Date.now() - started).toBeLessThan(20_000)
    } finally {
      workspace.remove()
    }
  })
})
