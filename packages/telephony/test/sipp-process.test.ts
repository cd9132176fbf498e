// Starting sipp for real: a sipp that dies at start because a port it binds is taken (its video RTP port, the
// media port + 2) is started again on other ports, and one that keeps dying fails with its log.
import { createSocket, type Socket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { SIPP_SCENARIOS } from '../src/sipp.ts'
import { freeMediaPort, type SippProcess, startSipp } from '../src/sipp-process.ts'

const phoneArgs = ['-sf', path.join(SIPP_SCENARIOS, 'agent-phone.xml'), '-set', 'ring_ms', '100']
const held: Socket[] = []
let started: SippProcess | undefined
afterEach(async () => {
  await started?.child.stop()
  started = undefined
  for (const socket of held.splice(0)) socket.close()
})

/** A media port whose video RTP port (+2) this test holds, so sipp cannot bind it. */
async function takenMediaPort(): Promise<number> {
  const port = await freeMediaPort()
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(port + 2, '127.0.0.1', resolve))
  held.push(socket)
  return port
}

describe('startSipp', () => {
  it('starts sipp again on other ports when it died at start, and resolves once it answers SIP', async () => {
    const dir = testFolder('routewright-sipp-start-')
    const log = path.join(dir, 'phone.log')
    const ports: number[] = []
    started = await startSipp('phone', phoneArgs, log, dir, {
      mediaPort: async () => {
        ports.push(ports.length === 0 ? await takenMediaPort() : await freeMediaPort())
        return ports.at(-1)!
      },
    })
    expect(ports).toHaveLength(2)
    expect(started.child.process.exitCode).toBeNull()
    expect(readFileSync(log, 'utf8')).toMatch(/Unable to bind video RTP socket/)
  })

  it('without the probe (a server scenario run with -m), resolves once sipp has bound its SIP port', async () => {
    const dir = testFolder('routewright-sipp-start-')
    started = await startSipp('agent', [...phoneArgs, '-m', '1'], path.join(dir, 'agent.log'), dir, {
      probe: false,
    })
    // a caller started now reaches it: the port is sipp's, so binding it here fails
    const socket = createSocket('udp4')
    const bind = new Promise<string>((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
      socket.bind(started!.port, '127.0.0.1', () => resolve('bound'))
    })
    const outcome = await bind
    socket.close()
    expect(outcome).toBe('EADDRINUSE')
  })

  it('fails with its log when sipp died at every start', async () => {
    const dir = testFolder('routewright-sipp-start-')
    let starts = 0
    await expect(
      startSipp('phone', phoneArgs, path.join(dir, 'phone.log'), dir, {
        attempts: 2,
        mediaPort: () => {
          starts++
          return takenMediaPort()
        },
      }),
    ).rejects.toThrow(
      /phone: sipp exited \(\d+\) as it started, 2 times; its last error: .*Unable to bind video RTP socket/,
    )
    expect(starts).toBe(2)
  })
})
