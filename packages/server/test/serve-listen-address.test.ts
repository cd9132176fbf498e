// What serve says about its address: a usable URL when bound to every address (0.0.0.0 is none a user can open),
// and the fix for a port it cannot take, in the same words as the designer's server (node-support's listenFailure).
import { createServer } from 'node:net'
import { expect, it } from 'vitest'
import { serve, stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()
const token = 'a-long-enough-test-token'

it('bound to 0.0.0.0, gives a loopback URL to open and says what it bound', async () => {
  const t = await started.serve({ host: '0.0.0.0', token })
  const { port } = t.server
  expect(t.server.url).toBe(`http://127.0.0.1:${port}`)
  expect(t.server.bound).toBe(`0.0.0.0:${port}`)
  expect(t.logs.find((line) => line.msg === 'routewright serve listening')).toMatchObject({
    url: `http://127.0.0.1:${port}`,
    bound: `0.0.0.0:${port}`,
  })
  const answer = await fetch(`${t.server.url}/healthz`, { headers: { authorization: `Bearer ${token}` } })
  expect(answer.status).toBeLessThan(500)
})

it('on loopback, its URL is the address it bound, with no wildcard said', async () => {
  const t = await started.serve()
  expect(t.server.url).toBe(`http://127.0.0.1:${t.server.port}`)
  expect(t.server.bound).toBeUndefined()
})

it('says a --host that is no address of this machine is not, and what to pass instead', async () => {
  // 192.0.2.1 is TEST-NET-1: documentation only, never an address of a machine
  await expect(serve({ host: '192.0.2.1', port: 0, token })).rejects.toThrow(
    /^Cannot listen on 192\.0\.2\.1:0: listen EADDRNOTAVAIL.*\. Pass one it has to --host, or 0\.0\.0\.0 for all of them\.$/,
  )
})

it('says a taken port is taken in the designer server words', async () => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  try {
    const port = (taken.address() as { port: number }).port
    const refused = await serve({ port }).catch((error: Error) => error)
    expect((refused as Error).message).toMatch(`Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`)
    expect((refused as Error).message).toMatch(
      /\. Stop the other server or pass --port <n> \(--port 0 picks a free one\)\.$/,
    )
  } finally {
    await new Promise((resolve) => taken.close(resolve))
  }
})
