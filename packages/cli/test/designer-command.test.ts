// routewright designer: starts the built designer server with the Reports store and the Monitor's serve, stops on
// SIGTERM, and says how to build it when it is missing.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { examplesDir, routewright, startRoutewright, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

describe('routewright designer', () => {
  it('serves the designer with its store and serve, and stops on SIGTERM', async () => {
    const folder = workspace()
    const { url, child, exited } = await startRoutewright(
      [
        'designer',
        '--workspace',
        examplesDir,
        '--port',
        '0',
        '--no-open',
        '--store',
        'sqlite:day.db',
        '--serve',
        'http://127.0.0.1:8380',
      ],
      { cwd: folder, env: { BROWSER: 'none' }, ready: /Routewright designer: (http:\/\/[\d.:]+\/)/ },
    )
    const connections = await (await fetch(`${url}api/connections`)).json()
    expect(connections).toEqual({
      serve: 'http://127.0.0.1:8380',
      store: `sqlite:${path.join(folder, 'day.db')}`,
      storeWarnings: [],
    })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('listens beyond loopback with --token and --allowed-host, which it used to refuse as unknown flags', async () => {
    // the server requires both for --host 0.0.0.0, and routewright designer had --host but neither of them
    const { url, child, exited } = await startRoutewright(
      [
        'designer',
        '--workspace',
        examplesDir,
        '--port',
        '0',
        '--no-open',
        '--host',
        '0.0.0.0',
        '--token',
        'a-long-enough-secret',
        '--allowed-host',
        'designer.lan',
        '--allowed-host',
        'designer.example',
      ],
      {
        cwd: workspace(),
        env: { BROWSER: 'none' },
        ready: /Routewright designer: (http:\/\/[\d.:]+\/)\?token=a-long-enough-secret /,
      },
    )
    // the token reached the server (by its environment): without it a request is refused
    const status = (headers: Record<string, string>) =>
      fetch(`${url}api/connections`, { headers }).then((reply) => reply.status)
    expect(await status({})).toBe(401)
    expect(await status({ authorization: 'Bearer a-long-enough-secret' })).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('refuses a --workspace that is missing or a file as a usage error (exit 2), saying which and what to give', async () => {
    // the designer server said a bare "Error: Workspace folder ... does not exist." and exited 1
    const cwd = workspace({ 'env.directory.yaml': 'directory: d\nformat: 1\n' })
    expect(await routewrightInProcess(['designer', '--workspace', 'flows', '--no-open'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --workspace flows: no such folder\nhint: Give the folder that holds the strategies and directory files (relative to the current folder)\n',
    })
    const file = await routewrightInProcess(['designer', '--workspace', 'env.directory.yaml'], cwd)
    expect(file.code).toBe(2)
    expect(file.stderr).toMatch(/^error: --workspace env.directory.yaml is a file, not a folder\nhint: /)
  })

  it('says how to build the designer when it is not there', async () => {
    const previous = process.env.ROUTEWRIGHT_DESIGNER_SERVER
    process.env.ROUTEWRIGHT_DESIGNER_SERVER = '/nonexistent/serve.mjs'
    try {
      const result = await routewright(['designer', '--no-open'], examplesDir)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('The designer is not built here')
      expect(result.stderr).toContain('npm run build')
    } finally {
      if (previous === undefined) delete process.env.ROUTEWRIGHT_DESIGNER_SERVER
      else process.env.ROUTEWRIGHT_DESIGNER_SERVER = previous
    }
  })
})
