// A login that signs another agent out, on the real stack: the desktop mounted on the bridge's HTTP side as a bridge
// runs it (desktopHandlers), serve behind a relay that refuses what a test picks, the bridge's own log read back.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { desktopHandlers } from '../src/desktop-mount.ts'
import { startTelephonyStack } from '../src/index.ts'
import { login } from './desktop-client.ts'
import { type ServeRelay, startServeRelay } from './serve-relay.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** The bridge's log lines (bridge.log, JSON lines) whose message is `message`. */
function bridgeLogLines(runDir: string, message: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(runDir, 'bridge.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message)
}

describe('a login that signs another agent out, on the real stack', () => {
  // before, the desktop mounted on the bridge got no log: serve not taking ann's logout was written nowhere
  it("writes serve's refusal of the signed-out agent's logout to the bridge's log", async () => {
    let relay: ServeRelay | undefined
    const s = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann' }, { id: 'bob' }],
        ready: false,
        http: async (context) => {
          relay = await startServeRelay(context.serveUrl)
          return desktopHandlers({ ...context, serveUrl: relay.url })
        },
      }),
    )
    try {
      const desktop = `${s.bridgeUrl}/desktop/`
      const ann = await login(desktop, 'ann')
      relay!.refuse((method, url) => method === 'PUT' && url === '/v1/agents/ann/state')
      const bob = await login(desktop, 'bob', ann.cookie)
      expect(bob.session.signedOut).toEqual({
        agent: 'ann',
        serve: 'not-taken',
        error: 'serve is restarting',
      })
      expect(
        bridgeLogLines(
          s.runDir,
          'serve did not take the logout of an agent signed out by another login; still logged in there',
        ),
      ).toMatchObject([{ agent: 'ann', error: 'serve is restarting' }])
    } finally {
      await relay?.close()
    }
  })
})
