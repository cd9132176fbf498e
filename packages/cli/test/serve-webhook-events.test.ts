import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { examplesDir, SERVE_READY, serveExamplesOnAnyPort, startRoutewright } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const SECRET = 'ROUTEWRIGHT_WEBHOOK_SECRET'

afterEach(() => {
  delete process.env[SECRET]
})

/** A webhook receiver on a free loopback port: the event type of every POST it took, in order. */
async function receiver() {
  const types: string[] = []
  let arrived: (() => void) | undefined
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      types.push((JSON.parse(body) as { type: string }).type)
      response.end()
      arrived?.()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  /** Resolves once a POST of `type` arrived. */
  const next = (type: string) =>
    new Promise<void>((resolve) => {
      arrived = () => {
        if (types.includes(type)) resolve()
      }
      arrived()
    })
  return { url, types, next, close: () => server.close() }
}

describe('routewright serve --webhook-events', () => {
  it('sends the webhook only the event types it names', async () => {
    const hook = await receiver()
    try {
      const { url, child, exited } = await startRoutewright(
        serveExamplesOnAnyPort(['--no-watch', '--webhook-url', hook.url, '--webhook-events', 'agent-state']),
        { ready: SERVE_READY, env: { [SECRET]: 'k' } },
      )
      // a finished interaction first (its `finished` event is not chosen), then an agent's state (chosen)
      const submitted = await fetch(`${url}/v1/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'c1', strategy: 'main-inbound', dnis: '8005550111' }),
      })
      expect(await submitted.json()).toMatchObject({ state: 'finished' })
      const state = await fetch(`${url}/v1/agents/ann/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'ready' }),
      })
      expect(state.status).toBe(200)
      await hook.next('agent-state')
      // what else was on its way has had the time to arrive
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(hook.types).toEqual(['agent-state'])
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      hook.close()
    }
  })

  it('refuses an event type the stream does not carry, naming the closest, and the flag without a URL', async () => {
    process.env[SECRET] = 'k'
    const misspelt = await routewrightInProcess(
      serveExamplesOnAnyPort([
        '--webhook-url',
        'http://127.0.0.1:9/hook',
        '--webhook-events',
        'routed, finshed',
      ]),
      examplesDir,
    )
    expect(misspelt.code).toBe(2)
    expect(misspelt.stderr).toContain(
      'Unknown event type "finshed" in --webhook-events. Did you mean "finished"?',
    )
    expect(misspelt.stderr).toContain("The stream's types are treatment, routed,")
    const empty = await routewrightInProcess(
      serveExamplesOnAnyPort(['--webhook-url', 'http://127.0.0.1:9/hook', '--webhook-events', 'routed,']),
      examplesDir,
    )
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('--webhook-events takes event types separated by commas')
    const alone = await routewrightInProcess(
      serveExamplesOnAnyPort(['--webhook-events', 'routed']),
      examplesDir,
    )
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain(
      '--webhook-events chooses what goes to --webhook-url: give --webhook-url too',
    )
  })

  it('refuses a webhook URL fetch cannot send to before serving, saying which flag and how to fix it', async () => {
    process.env[SECRET] = 'k'
    const unparsable = await routewrightInProcess(
      serveExamplesOnAnyPort(['--webhook-url', 'http://127.0.0.1:99999/hook']),
      examplesDir,
    )
    expect(unparsable.code).toBe(2)
    expect(unparsable.stderr).toContain('--webhook-url "http://127.0.0.1:99999/hook" is not a URL')
    expect(unparsable.stderr).toContain('Give one such as https://host/events')
    const credentials = await routewrightInProcess(
      serveExamplesOnAnyPort(['--assignment-url', 'https://ann:pw@127.0.0.1:9/assign']),
      examplesDir,
    )
    expect(credentials.code).toBe(2)
    expect(credentials.stderr).toContain('--assignment-url holds a user name or password')
    expect(credentials.stderr).not.toContain('pw@')
  })
})
