// The cluster tests' host gives up when no process answers, instead of retrying past the end of its test (a loop
// that keeps a test worker busy and calls whatever later listens on the port), and a drive that times out names
// the interactions it did not see through, with what the host and the serve processes know of them.
import { freePort } from '@routewright/node-support/ports'
import { describe, expect, it } from 'vitest'
import { driveCluster } from './cluster-ledger.ts'
import { clusterWorkspace } from './cluster-workspace.ts'
import { startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

describe('driveCluster', () => {
  it('fails, naming the call, when no process answers for timeoutMs', async () => {
    const workspace = clusterWorkspace(2)
    started.workspace = workspace
    // a port nobody listens on: every call answers "dead process" (status 0)
    const dead = `http://127.0.0.1:${await freePort()}`
    const begun = Date.now()
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
    expect(Date.now() - begun).toBeLessThan(20_000)
  })

  it('names each interaction it did not see through, with its last events and the server state', async () => {
    const workspace = clusterWorkspace(2)
    started.workspace = workspace
    const serve = await startServeProcess(workspace.dir, [])
    started.processes.push(serve)
    // the host makes no agent ready (its rules name none): every interaction waits in line for ever
    const report = await driveCluster({
      urls: () => [serve.url],
      streamUrl: serve.url,
      count: 3,
      inFlight: 1,
      rules: new Map(),
      timeoutMs: 1000,
    })
    expect(report.completed).toBe(0)
    const unfinished = report.unfinished!
    expect(unfinished.processes).toEqual([`${serve.url} routes (no Redis)`])
    expect(unfinished.more).toBe(0)
    expect(unfinished.interactions.map((i) => i.id)).toEqual(['i0', 'i1', 'i2'])
    const [stuck] = unfinished.interactions
    expect(stuck!.host).toMatch(/^events: queued \+\d+\.\d\d s; submit: 201 \+\d+\.\d\d s$/)
    expect(stuck!.server).toMatch(
      // the trace ends with the queue segment's start (the runtime traces it for recorders)
      /^state queued, updated \d+\.\d s ago, last trace wait pick queued$/,
    )
  })
})
