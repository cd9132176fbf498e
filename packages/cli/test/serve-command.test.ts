import { describe, expect, it } from 'vitest'
import { examplesDir, routewright, startRoutewright, workspace } from './helpers.ts'

describe('routewright serve', () => {
  it('serves the examples, routes over HTTP, and stops cleanly on SIGTERM', async () => {
    const { url, child, exited, stdout } = await startRoutewright(
      ['serve', '--workspace', examplesDir, '--port', '0', '--no-watch'],
      { ready: /listening on (http:\/\/[\d.:]+)/ },
    )
    const response = await fetch(`${url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c1', strategy: 'main-inbound', dnis: '8005550111' }),
    })
    expect(await response.json()).toMatchObject({
      state: 'finished',
      outcome: 'route',
      destination: 'fraud_line',
    })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const logs = stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: string })
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['routewright serve listening', 'shutting down', 'routewright serve stopped']),
    )
  })

  it('refuses a --redis that is not a Redis URL, and one it cannot reach, saying which', async () => {
    const bad = await routewright(['serve', '--workspace', examplesDir, '--redis', 'localhost'], examplesDir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--redis takes a Redis URL (got "localhost")')
    // port 1 on loopback: nothing listens there
    const down = await routewright(
      ['serve', '--workspace', examplesDir, '--port', '0', '--redis', 'redis://127.0.0.1:1'],
      examplesDir,
    )
    expect(down.code).toBe(2)
    expect(down.stderr).toContain('Cannot connect to Redis at redis://127.0.0.1:1')
  })

  it('refuses to bind beyond loopback without a token', async () => {
    const result = await routewright(
      ['serve', '--workspace', examplesDir, '--host', '0.0.0.0', '--port', '0'],
      examplesDir,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ROUTEWRIGHT_API_TOKEN')
  })

  it('refuses a workspace that does not validate, listing its diagnostics', async () => {
    const dir = workspace({
      'a.directory.yaml': 'directory: d\nformat: 1\n',
      'x.strategy.yaml':
        'strategy: x\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: nowhere }\n',
    })
    const result = await routewright(['serve', '--workspace', dir, '--port', '0'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('the workspace does not validate')
    expect(result.stderr).toMatch(/x\.strategy\.yaml:\d+:\d+/)
  })
})
