// The frozen proxy stands for a partition: a server that ends the session meanwhile (PostgreSQL's
// idle_in_transaction_session_timeout) must not reach the client before the thaw, or the client sees a connection
// end instead of its own time limit firing (the CLI's replay test raced the two timers on a loaded machine).
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { waitFor } from '../src/ports.ts'
import { type FreezableProxy, startFreezableProxy } from '../src/testing/index.ts'

let server: Server | undefined
let proxy: FreezableProxy | undefined
let client: Socket | undefined
afterEach(async () => {
  client?.destroy()
  await proxy?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = proxy = client = undefined
})

it('holds a close of the server while frozen, and gives it after what the server sent at the thaw', async () => {
  const accepted: Socket[] = []
  server = createServer((socket) => {
    accepted.push(socket)
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  proxy = await startFreezableProxy(`127.0.0.1:${port}`)

  const seen: string[] = []
  client = connect(proxy.port, '127.0.0.1')
  client.on('data', (chunk) => seen.push(`data ${chunk}`))
  client.on('end', () => seen.push('end'))
  client.on('error', () => {})
  const upstream = await waitFor('the server to accept the connection', () => accepted[0], 10_000)

  proxy.freeze()
  upstream.end('bye')
  await new Promise((resolve) => upstream.on('close', resolve))
  // a few turns of the loop for the proxy's side to hear of it: before the fix it ended the client's here
  for (let turn = 0; turn < 10; turn++) await new Promise(setImmediate)
  expect(seen).toEqual([])
  expect(proxy.open()).toBe(1)

  proxy.thaw()
  await waitFor('the client to see the end', () => seen.includes('end'), 10_000)
  expect(seen).toEqual(['data bye', 'end'])
})
