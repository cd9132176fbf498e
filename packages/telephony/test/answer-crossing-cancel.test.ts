// A router answer that crosses a queued caller's CANCEL: tm answered the held INVITE with 487 as it relayed the
// CANCEL, so the answer finds no transaction. Kamailio drops it on its own table's word (the call's `calls` item is
// gone) and says so at NOTICE, rather than try t_continue and log "active transaction not found" as a fault would.
// The crossing answer is sent here on a second evapi connection, as the bridge would have sent it.
import { describe, expect, it } from 'vitest'
import { connectEvapi, startTelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe("a router answer crossing a queued caller's CANCEL", () => {
  it('is dropped by Kamailio with a notice, not a failed t_continue', async () => {
    let evapiPort = 0
    const stack = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann' }],
        ready: false,
        evapiVia: async (port) => {
          evapiPort = port
          return port
        },
      }),
    )
    const s = stack
    // nobody ready: the caller waits in the queue and hangs up after a second
    const callers = await stack.call([callerCall({ startMs: 0, patienceMs: 1000 })])
    const [key, held] = await waitFor(
      'the INVITE held in the queue',
      async () => [...(await s.kamailioRpc.heldCalls())].find(([, c]) => c.state === 'queued'),
      15_000,
    )
    if (held.state !== 'queued') throw new Error('not queued')
    expect(await callers.exited).toBe(0)
    await waitFor('the abandon', () => s.bridge.figures().abandoned === 1, 15_000)

    const [callid, ftag] = key.split('|')
    const late = await connectEvapi({ host: '127.0.0.1', port: evapiPort, onMessage: () => {} })
    try {
      late.send({
        action: 'agent',
        tindex: held.tindex,
        tlabel: held.tlabel,
        callid,
        ftag,
        agent: 'ann',
        headers: '',
      })
      await waitFor(
        "Kamailio's notice",
        () => kamailioLogLines(s, /ended before the router's answer \(agent\)/).length === 1,
        10_000,
      )
    } finally {
      late.close()
    }
    expect(kamailioLogFaults(stack)).toEqual([])
  })
})
