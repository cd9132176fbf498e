// routewright designer: starts the built designer server with the Reports store and the Monitor's serve, stops on
// SIGTERM, and says how to build it when it is missing.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { binary, examplesDir, routewright } from './helpers.ts'

describe('routewright designer', () => {
  it('serves the designer with its store and serve, and stops on SIGTERM', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rw-designer-cli-'))
    const child = spawn(
      process.execPath,
      [
        binary,
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
      {
        cwd: folder,
        env: { ...process.env, NO_COLOR: '1', BROWSER: 'none' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    try {
      let output = ''
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
      const url = await new Promise<string>((resolve, reject) => {
        const read = (chunk: string) => {
          output += chunk
          const found = /Routewright designer: (http:\/\/[\d.:]+\/)/.exec(output)
          if (found) resolve(found[1]!)
        }
        child.stdout.setEncoding('utf8').on('data', read)
        child.stderr.setEncoding('utf8').on('data', read)
        child.on('close', () => reject(new Error(`designer exited: ${output}`)))
      })
      const connections = await (await fetch(`${url}api/connections`)).json()
      expect(connections).toEqual({
        serve: 'http://127.0.0.1:8380',
        store: `sqlite:${path.join(folder, 'day.db')}`,
      })
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      rmSync(folder, { recursive: true, force: true })
    }
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
