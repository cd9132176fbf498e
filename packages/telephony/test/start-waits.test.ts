// The stack's two start-up waits, sipp's for its SIP port and the bridge's for Kamailio's hello, go on while the
// process is alive and its own files in the run folder grow, fail naming what grew last once nothing did for their
// timeout, and fail at once for a dead process; on an injected clock (each sleep or timer moves it and writes the
// run folder's log), and a real sipp hung beside a busy process.
import { createSocket, type Socket } from 'node:dgram'
import { appendFileSync, existsSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { freePort, waitFor } from '@routewright/node-support/ports'
import { testFolder } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type BridgeLinkOptions, helloAnswered } from '../src/bridge-link.ts'
import { startChild } from '../src/processes.ts'
import { freeMediaPort, SIPP_BINARY, sippFiles, sippStarted } from '../src/sipp-process.ts'
import { ownFiles, runDirProgress } from '../src/stack-progress.ts'
import type { Timers } from '../src/timers.ts'

/** A run folder whose `file` grows one line per step of the clock until `hangsAt` (ms on the clock). */
function startingProcess(file: string, hangsAt: number) {
  const runDir = testFolder('routewright-start-wait-')
  const log = path.join(runDir, file)
  writeFileSync(log, '')
  let t = 0
  const step = (ms: number) => {
    t += ms
    // a wait's last poll may come after its test removed the folder
    if (t < hangsAt && existsSync(runDir)) appendFileSync(log, `starting (at ${t})\n`)
  }
  return { runDir, log, step, now: () => t }
}

const alive = { exited: new Promise<number>(() => {}) }
const held: Socket[] = []
afterEach(() => {
  for (const socket of held.splice(0)) socket.close()
})

describe("sipp's wait for its SIP port", () => {
  /** sipp binding its port at `bindsAt` on the clock, its run folder growing until `hangsAt`. */
  async function sippStarting(hangsAt: number, bindsAt = Number.POSITIVE_INFINITY) {
    const p = startingProcess('phone-ann.log', hangsAt)
    const port = await freePort()
    const sleep = async (ms: number) => {
      p.step(ms)
      if (p.now() >= bindsAt && held.length === 0) {
        const socket = createSocket('udp4')
        held.push(socket)
        await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve))
      }
    }
    return { ...p, port, clock: { runDir: p.runDir, own: ownFiles(p.log), probe: false, now: p.now, sleep } }
  }

  it('waits past its 15 s while the run folder grows', async () => {
    const s = await sippStarting(Number.POSITIVE_INFINITY, 25_000)
    await expect(sippStarted({ name: 'phone-ann', ...alive }, s.port, s.clock)).resolves.toBe(true)
    expect(s.now()).toBeGreaterThanOrEqual(25_000)
  })

  it('fails once nothing grew for 15 s, saying what grew last', async () => {
    const s = await sippStarting(3000)
    await expect(sippStarted({ name: 'phone-ann', ...alive }, s.port, s.clock)).rejects.toThrow(
      /^Timed out after 180\d\d ms waiting for phone-ann to bind its SIP port on port \d+ \(nothing moved for 15000 ms\); last seen: phone-ann\.log grew to \d+ bytes: starting \(at 29\d\d\)$/,
    )
  })

  it('fails at the cap of 4 x 15 s though the folder still grows', async () => {
    const s = await sippStarting(Number.POSITIVE_INFINITY)
    await expect(sippStarted({ name: 'phone-ann', ...alive }, s.port, s.clock)).rejects.toThrow(
      /at the cap of 60000 ms though its work still moved/,
    )
  })

  it('says at once that a dead sipp did not start', async () => {
    const s = await sippStarting(Number.POSITIVE_INFINITY)
    const dead = { name: 'phone-ann', exited: Promise.resolve(1) }
    await Promise.resolve()
    await expect(sippStarted(dead, s.port, s.clock)).resolves.toBe(false)
    expect(s.now()).toBeLessThan(1000)
  })
})

describe("sipp's wait beside other processes in its run folder", () => {
  it('fails a hung sipp once its own files stopped growing for the timeout, though another process keeps writing', async () => {
    const runDir = testFolder('routewright-hung-sipp-')
    // writing into the folder all along, as the callers' trace or another phone's does
    const busy = startChild(
      'busy',
      process.execPath,
      [
        '-e',
        "setInterval(() => require('node:fs').appendFileSync('callers.messages.log', 'SIP/2.0 100 Trying\\n'), 20)",
      ],
      path.join(runDir, 'callers.log'),
      runDir,
    )
    const trace = path.join(runDir, 'callers.messages.log')
    const traced = () => (existsSync(trace) ? statSync(trace).size : 0)
    try {
      await waitFor('the busy process to write', () => traced() > 0, 30_000)
      const port = await freePort()
      const args = [
        '-sn',
        'uas',
        '-p',
        String(port),
        '-mp',
        String(await freeMediaPort()),
        '-i',
        '127.0.0.1',
        '-aa',
        '-nostdin',
      ]
      const sipp = startChild('phone-ann', SIPP_BINARY, args, path.join(runDir, 'phone-ann.log'), runDir)
      // hung as it starts: it never answers the probe, and its log stops growing
      sipp.process.kill('SIGSTOP')
      try {
        const before = traced()
        const wait = { probe: true, runDir, own: sippFiles(sipp, args, runDir), timeoutMs: 1000 }
        // not the cap of 4 x 1000 ms the busy folder would have held it to
        await expect(sippStarted(sipp, port, wait)).rejects.toThrow(
          /^Timed out after \d+ ms waiting for phone-ann to answer SIP on port \d+ \(nothing moved for 1000 ms\)/,
        )
        expect(traced()).toBeGreaterThan(before)
      } finally {
        sipp.process.kill('SIGCONT')
        await sipp.stop()
      }
    } finally {
      await busy.stop()
    }
  })
})

describe("the bridge's wait for Kamailio's hello", () => {
  /** Timers on the clock: each fires on the next turn, moving the clock by its delay. */
  function kamailioStarting(hangsAt: number) {
    const p = startingProcess('kamailio.log', hangsAt)
    const timers: Timers = {
      // a handle with no unref: an unref'd immediate waits for other I/O to run
      setTimeout(run, ms) {
        return {
          immediate: setImmediate(() => {
            p.step(ms)
            run()
          }),
        }
      },
      clearTimeout: (handle) => clearImmediate((handle as { immediate: NodeJS.Immediate }).immediate),
    }
    const options = (more: Partial<BridgeLinkOptions> = {}) =>
      ({ id: 'b1', kamailioStarting: runDirProgress(() => [p.runDir]), ...more }) as BridgeLinkOptions
    return { ...p, timers, options }
  }

  /** Resolves once the clock passed `ms`. */
  function helloAt(s: ReturnType<typeof kamailioStarting>, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const look = () => (s.now() >= ms ? resolve() : setImmediate(look))
      look()
    })
  }

  it('waits past its 10 s while Kamailio starts', async () => {
    const s = kamailioStarting(Number.POSITIVE_INFINITY)
    await expect(helloAnswered(s.options(), helloAt(s, 25_000), s.now, s.timers)).resolves.toBeUndefined()
    expect(s.now()).toBeGreaterThanOrEqual(25_000)
  })

  it('fails once nothing grew for 10 s, saying what grew last', async () => {
    const s = kamailioStarting(3000)
    await expect(helloAnswered(s.options(), new Promise(() => {}), s.now, s.timers)).rejects.toThrow(
      /^Timed out after 13000 ms waiting for Kamailio to answer bridge b1's hello \(nothing moved for 10000 ms\); last seen: kamailio\.log grew to \d+ bytes: starting \(at 2000\): a kamailio\.cfg without the `hello` action/,
    )
  })

  it('fails at once when Kamailio exits', async () => {
    const s = kamailioStarting(Number.POSITIVE_INFINITY)
    const exited = Promise.reject(new Error('Kamailio exited (1) as it started'))
    await expect(
      helloAnswered(s.options({ kamailioExited: exited }), new Promise(() => {}), s.now, s.timers),
    ).rejects.toThrow('Kamailio exited (1) as it started')
    expect(s.now()).toBe(0)
  })
})
