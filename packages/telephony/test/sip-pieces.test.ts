// The pure pieces of the call path: SIP text for Kamailio, the evapi framing, the phone trace reader, the
// Kamailio config rendering (checked by Kamailio itself), the demo's traffic and its agreement rule.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { failedCalls } from '../src/demo.ts'
import {
  callerInjection,
  createNetstringReader,
  headerName,
  KAMAILIO_CONFIG,
  netstring,
  readPhoneLog,
  referHeaders,
  renderKamailioConfig,
  startTelephonyStack,
  TELEPHONY_WORKSPACE,
  xHeaders,
} from '../src/index.ts'
import { agrees, makeTraffic, simulateSameTraffic } from '../src/traffic.ts'

describe('SIP text', () => {
  it('turns attached data into X- headers that cannot break the message', () => {
    expect(xHeaders({ Line: 'support', 'Customer tier': 'gold\r\nVia: evil' }, 'call-1')).toBe(
      'X-Routewright-Interaction: call-1\r\nX-Line: support\r\nX-Customer-tier: gold  Via: evil\r\n',
    )
    expect(headerName('a.b/c')).toBe('X-a-b-c')
  })

  it('writes the REFER of a blind transfer from the agent side of the dialog to the caller', () => {
    const text = referHeaders(
      {
        callId: 'c1',
        callerFrom: 'From: "Ann" <sip:+1212@127.0.0.1:5070>;tag=a1',
        agentTo: '<sip:5000@k>;tag=b2',
      },
      'sip:5001@127.0.0.1:5060',
      'sip:routewright@127.0.0.1:5060',
      101,
    )
    expect(text.split('\r\n')).toEqual([
      'From: <sip:5000@k>;tag=b2',
      'To: "Ann" <sip:+1212@127.0.0.1:5070>;tag=a1',
      'Call-ID: c1',
      'CSeq: 101 REFER',
      'Contact: <sip:routewright@127.0.0.1:5060>',
      'Refer-To: <sip:5001@127.0.0.1:5060>',
      'Referred-By: <sip:routewright@127.0.0.1:5060>',
      'Event: refer',
      'Max-Forwards: 70',
      '',
    ])
  })
})

describe('evapi framing', () => {
  it('reads netstrings split anywhere across chunks, multi-byte text included', () => {
    const wire = Buffer.from(netstring('{"a":"é"}') + netstring('{"b":2}'))
    const read = createNetstringReader()
    const got: string[] = []
    for (let i = 0; i < wire.length; i += 3) got.push(...read(wire.subarray(i, i + 3)))
    expect(got).toEqual(['{"a":"é"}', '{"b":2}'])
  })

  it('refuses a stream that is not netstrings', () => {
    expect(() => createNetstringReader()(Buffer.from('hello world: x,'))).toThrow(/not a netstring/)
  })
})

describe('phone trace', () => {
  const line = '----------------------------------------------- 2026-11-30 02:49:07.815333'
  const message = (first: string, callId: string, extra = '') =>
    `${line}\nUDP message received [1] bytes :\n\n${first}\nCall-ID: ${callId}\n${extra}Content-Length: 0\n\n`
  /** The phone's answer `status` to the `method` request of `callId`. */
  const answer = (status: string, callId: string, method: string) =>
    `${line}\nUDP message sent (1 bytes):\n\nSIP/2.0 ${status}\nCall-ID: ${callId}\nCSeq: 1 ${method}\nContent-Length: 0\n\n`
  it('counts calls open at once and keeps the X- headers of each INVITE', () => {
    const log = readPhoneLog(
      message('INVITE sip:agent01@x SIP/2.0', 'c1', 'X-Line: support\n') +
        message('BYE sip:phone@x SIP/2.0', 'c1') +
        answer('200 OK', 'c1', 'BYE') +
        message('INVITE sip:agent01@x SIP/2.0', 'c2') +
        message('INVITE sip:agent01@x SIP/2.0', 'c3') +
        message('CANCEL sip:agent01@x SIP/2.0', 'c2') +
        answer('200 OK', 'c2', 'CANCEL') +
        answer('487 Request Terminated', 'c2', 'INVITE') +
        message('INVITE sip:agent01@x SIP/2.0', 'c4'),
    )
    expect(log.invites.map((i) => i.callId)).toEqual(['c1', 'c2', 'c3', 'c4'])
    expect(log.invites[0]!.headers['x-line']).toBe('support')
    expect(log.cancels).toEqual(['c2'])
    expect(log.maxConcurrent).toBe(2)
    expect(log.open).toEqual(['c3', 'c4'])
  })

  it('keeps a call open until the phone answered its BYE: an INVITE in between found the phone busy', () => {
    const log = readPhoneLog(
      message('INVITE sip:agent01@x SIP/2.0', 'c1') +
        message('BYE sip:phone@x SIP/2.0', 'c1') +
        message('INVITE sip:agent01@x SIP/2.0', 'c2') +
        answer('200 OK', 'c1', 'BYE'),
    )
    expect(log.maxConcurrent).toBe(2)
    expect(log.open).toEqual(['c2'])
  })

  it('keeps a call whose 200 OK crossed the CANCEL open until its BYE', () => {
    const log = readPhoneLog(
      message('INVITE sip:agent01@x SIP/2.0', 'c1') +
        answer('200 OK', 'c1', 'INVITE') +
        message('CANCEL sip:agent01@x SIP/2.0', 'c1') +
        answer('200 OK', 'c1', 'CANCEL') +
        message('INVITE sip:agent01@x SIP/2.0', 'c2') +
        message('BYE sip:phone@x SIP/2.0', 'c1') +
        answer('200 OK', 'c1', 'BYE') +
        message('INVITE sip:agent01@x SIP/2.0', 'c3'),
    )
    expect(log.cancels).toEqual(['c1'])
    expect(log.maxConcurrent).toBe(2)
  })
})

describe('Kamailio config', () => {
  const settings = {
    host: '127.0.0.1',
    sipPort: 45060,
    evapiPort: 45061,
    rpcPort: 45062,
    runDir: '/tmp/x',
    ronaMs: 4000,
    queueMs: 600_000,
  }
  it('fills every placeholder and refuses one it does not know', () => {
    const text = renderKamailioConfig(readFileSync(KAMAILIO_CONFIG, 'utf8'), settings)
    expect(text).not.toMatch(/__[A-Z_]+__/)
    expect(text).toContain('t_set_fr(4000, 5000)')
    // a queued call's item in the calls table lives as long as its INVITE may (max_inv_lifetime)
    expect(text).toContain('modparam("tm", "max_inv_lifetime", 660000)')
    expect(text).toContain('"calls=>size=10;autoexpire=660;"')
    // tm's wait timer is Kamailio's own 5 s unless a stack (a test of late answers) asks for another
    expect(text).toContain('modparam("tm", "wt_timer", 5000)')
    expect(
      renderKamailioConfig(readFileSync(KAMAILIO_CONFIG, 'utf8'), { ...settings, tmWaitMs: 3000 }),
    ).toContain('modparam("tm", "wt_timer", 3000)')
    // tm's fr_timer (a BYE's give-up, a ring's wait for a first answer) too: Kamailio's 5 s unless a stack asks
    expect(text).toContain('modparam("tm", "fr_timer", 5000)')
    const shortFr = renderKamailioConfig(readFileSync(KAMAILIO_CONFIG, 'utf8'), {
      ...settings,
      frTimerMs: 2000,
    })
    expect(shortFr).toContain('modparam("tm", "fr_timer", 2000)')
    expect(shortFr).toContain('t_set_fr(4000, 2000)')
    expect(() => renderKamailioConfig('x __NOPE__', settings)).toThrow('unknown placeholder __NOPE__')
  })

  it.each([999, 1500.5, 30_001])(
    "refuses a stack's frTimerMs %s before starting anything",
    async (frTimerMs) => {
      await expect(startTelephonyStack({ agents: [], frTimerMs })).rejects.toThrow(
        `frTimerMs must be a whole number of ms from 1000 to 30000 (got ${frTimerMs})`,
      )
    },
  )

  it("refuses a stack's frTimerMs at or over the reservation timeout (a silent phone's ring would outlive it)", async () => {
    await expect(
      startTelephonyStack({ agents: [], frTimerMs: 6000, reservationTimeoutMs: 6000 }),
    ).rejects.toThrow(
      'frTimerMs must be under the reservation timeout (reservationTimeoutMs, 6000 ms; got 6000)',
    )
  })

  it('is a config Kamailio accepts', () => {
    const dir = testFolder('routewright-kamcfg-')
    const file = path.join(dir, 'kamailio.cfg')
    writeFileSync(
      file,
      renderKamailioConfig(readFileSync(KAMAILIO_CONFIG, 'utf8'), { ...settings, runDir: dir }),
    )
    const check = spawnSync('/usr/sbin/kamailio', ['-c', '-f', file, '-Y', dir], { encoding: 'utf8' })
    expect(check.stderr).toContain('config file ok')
    expect(check.status).toBe(0)
  })
})

describe('demo traffic', () => {
  it('is the same for the same seed, with the asked mean rate', () => {
    const spec = { calls: 2000, rate: 2, holdSeconds: 3, patienceSeconds: 10, seed: 7 }
    const a = makeTraffic(spec)
    expect(makeTraffic(spec)).toEqual(a)
    expect(makeTraffic({ ...spec, seed: 8 })).not.toEqual(a)
    const seconds = a.at(-1)!.startMs / 1000
    expect(2000 / seconds).toBeGreaterThan(1.8)
    expect(2000 / seconds).toBeLessThan(2.2)
    const meanHold = a.reduce((s, c) => s + c.holdMs, 0) / a.length / 1000
    expect(meanHold).toBeGreaterThan(2.7)
    expect(meanHold).toBeLessThan(3.3)
  })

  it('shifts each call to its start time from sipp launching them at a steady rate', () => {
    const lines = callerInjection(
      [
        { dnis: '5000', patienceMs: 1000.4, holdMs: 2000, startMs: 30, ani: '+1' },
        { dnis: '5001', patienceMs: 1000, holdMs: 2000, startMs: 10, ani: '+2', inviteFirst: true },
        {
          dnis: '5001',
          patienceMs: 1000,
          holdMs: 2000,
          startMs: 90,
          ani: '+3',
          inviteFirst: true,
          oldLegReleased: true,
          holdRefusals: 2,
          nextLegKeepsTag: true,
        },
      ],
      50,
    ).split('\n')
    expect(lines).toEqual([
      'SEQUENTIAL',
      '5000;1000;2000;30;+1;0;0;udp;t;',
      '5001;1000;2000;0;+2;1;0;udp;t;',
      '5001;1000;2000;50;+3;2;2;udp;;',
      '',
    ])
  })

  it('agrees within 3 standard deviations (plus a floor), and not beyond', () => {
    expect(agrees(0.8, { mean: 0.7, sd: 0.03 })).toBe(true)
    expect(agrees(0.8, { mean: 0.7, sd: 0.02 })).toBe(false)
  })

  it("reads sipp's failed-call count from its last statistics screen", () => {
    const screen = (n: number) =>
      `  Failed call            |        0                  |        ${n}                 \n`
    expect(failedCalls(screen(3) + screen(0))).toBe(0)
    expect(failedCalls('no statistics')).toBeNaN()
  })
})

describe("simulate's figures for the demo's traffic", () => {
  it('spread over same-size runs from empty, as the demo compares against', async () => {
    const sim = await simulateSameTraffic(
      {
        calls: 200,
        rate: 2,
        holdSeconds: 3.5,
        patienceSeconds: 15,
        seed: 1,
        agents: ['ann', 'bob', 'carla', 'dan', 'erin', 'frank', 'gabrielle', 'hugo'],
        ringSeconds: 0.5,
        slSeconds: 5,
        workspace: TELEPHONY_WORKSPACE,
        strategy: 'inbound-call',
      },
      10,
    )
    expect(sim.runs).toBe(10)
    expect(sim.serviceLevel.mean).toBeGreaterThan(0)
    expect(sim.serviceLevel.mean).toBeLessThan(1)
    expect(sim.serviceLevel.sd).toBeGreaterThan(0)
    expect(sim.abandonRate.mean).toBeGreaterThan(0)
    expect(sim.asa.mean).toBeGreaterThan(0)
  })
})
