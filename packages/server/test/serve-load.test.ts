// The serve benchmark's load generator (bench/serve-load.mjs) against a real serve: a submit-only run (nothing
// confirms) that outlasts serve's reservation timeout ends loudly, where at 250/s it reported 0 of 3,000 routed.
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOADER_NODE_FLAGS, workspaceFolder } from '../bench/serve.bench.ts'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'

const LOADER = path.join(import.meta.dirname, '../bench/serve-load.mjs')
const AGENTS = 12

const dirs: string[] = []
const servers: ServeProcess[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill('SIGTERM')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A serve with one agent per interaction, all ready, taking back unconfirmed reservations after `reservationMs`. */
async function readyServe(reservationMs: number): Promise<string> {
  // the benchmark's own workspace, so the load generator is tested on what it measures
  const dir = workspaceFolder(AGENTS)
  dirs.push(dir)
  const limits = JSON.stringify({ reservationTimeoutMs: reservationMs })
  const server = await startServeProcess(dir, ['--log-level', 'warn', '--limits', limits])
  servers.push(server)
  for (let i = 0; i < AGENTS; i++)
    expect((await call(`${server.url}/v1/agents/a${i}/state`, 'PUT', { state: 'ready' })).status).toBe(200)
  return server.url
}

/**
 * Runs the load generator: 6 warm-up and 6 timed submits at 10/s (about 1.2 s), waiting 5 s for what is missing;
 * with `flags`, under those Node flags (the benchmarks' own, LOADER_NODE_FLAGS).
 */
function load(url: string, flags: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const options = { url, warmup: 6, count: 6, rate: 10, strategy: 'support', timeoutMs: 5000 }
  return new Promise((resolve) => {
    execFile(process.execPath, [...flags, LOADER, JSON.stringify(options)], (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    )
  })
}

describe('the serve load generator at a low rate', () => {
  it('routes every timed submit when the run is within the reservation timeout', async () => {
    const run = await load(await readyServe(60_000))
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.out)
    expect(report.statuses).toEqual({ 201: 6 })
    expect(report.latencies.filter((l: number | null) => l === null)).toEqual([])
  })

  it("reports its own GC in the timed run, the warm-up's collected before it under the benchmarks' flags", async () => {
    const url = await readyServe(60_000)
    const plain = JSON.parse((await load(url)).out)
    expect(plain.gc).toMatchObject({ collectedBefore: false, count: expect.any(Number) })
    const run = await load(await readyServe(60_000), LOADER_NODE_FLAGS)
    expect(run.err).toBe('')
    const report = JSON.parse(run.out)
    expect(report.gc).toMatchObject({ collectedBefore: true, major: 0 })
    expect(report.gc.longestMs).toBeLessThanOrEqual(report.gc.totalMs)
  })

  it('fails saying why when serve takes back a reservation nothing confirmed, not a run short of routed events', async () => {
    const run = await load(await readyServe(300))
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/serve took back w0's reservation \(not confirmed within 300 ms\)/)
    expect(run.err).toMatch(/--limits '\{"reservationTimeoutMs":<longer than the run>\}'/)
  })
})
