// The curl walk through the API in docs/serve.md (linked from the root README), run as written with the real curl
// against serve on the examples: a documented example that does not work is a defect too (`:8380` is no URL to curl,
// and `-d` is not JSON to serve).
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type RunningServer, startServer } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../../..')
const SERVE_DOC = readFileSync(path.join(root, 'packages/server/docs/serve.md'), 'utf8')

/** The lines of serve.md's `sh` block that follows `marker`. */
function blockAfter(marker: string): string[] {
  const from = SERVE_DOC.indexOf(marker)
  expect(from, `packages/server/docs/serve.md has "${marker}"`).toBeGreaterThan(0)
  const open = SERVE_DOC.indexOf('```sh\n', from) + '```sh\n'.length
  return SERVE_DOC.slice(open, SERVE_DOC.indexOf('```', open)).trim().split('\n')
}

/** A line's words as a POSIX shell splits them: single quotes, `$B` expanded, a `#` word starts a comment. */
function words(line: string, vars: Record<string, string>): string[] {
  const out: string[] = []
  for (const match of line.matchAll(/'([^']*)'|(\S+)/g)) {
    if (match[2]?.startsWith('#')) break
    out.push(match[1] ?? match[2]!.replace(/\$(\w+)/g, (_, name: string) => vars[name] ?? ''))
  }
  return out
}

let server: RunningServer | undefined
let folder: string | undefined
afterEach(async () => {
  await server?.close()
  if (folder) rmSync(folder, { recursive: true, force: true })
})

describe("serve.md's API walk", () => {
  it('works line by line with curl against serve --workspace examples', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'rw-readme-'))
    cpSync(path.join(root, 'examples'), folder, { recursive: true, filter: (f) => !f.includes('hosts') })
    server = await startServer({ workspace: folder, port: 0, watch: false, log: () => {} })
    const lines = blockAfter('Against `serve --workspace examples --port 8380`, in this order:')
    const vars: Record<string, string> = {}
    const answers: Array<{ line: string; status: string; body: string }> = []
    for (const line of lines) {
      const assignment = /^(\w+)=(\S+)$/.exec(line)
      if (assignment) {
        expect(assignment[2]).toBe('http://127.0.0.1:8380')
        vars[assignment[1]!] = server.url
        continue
      }
      const [command, ...args] = words(line, vars)
      expect(command).toBe('curl')
      // the event stream never ends: a second of it, then curl's own time-out (exit 28) is the expected end
      const stream = args.includes('-N')
      const result = await run(
        'curl',
        [...args, '-sS', '-w', '\n%{http_code}', ...(stream ? ['-m', '1'] : [])],
        {
          encoding: 'utf8',
        },
      ).catch((error: { code?: number; stdout: string; stderr: string }) => {
        expect(stream && error.code === 28, `${line}: ${error.stderr}`).toBe(true)
        return error
      })
      const status = result.stdout.slice(result.stdout.lastIndexOf('\n') + 1)
      answers.push({ line, status, body: result.stdout.slice(0, result.stdout.lastIndexOf('\n')) })
    }
    expect(answers.filter((a) => !/^2\d\d$/.test(a.status))).toEqual([])
    expect(answers).toHaveLength(9)
    const read = answers.find((a) => a.line.startsWith('curl $B/v1/interactions/call-1 '))
    expect(JSON.parse(read!.body)).toMatchObject({
      state: 'reserved',
      agent: 'ann',
      reservation: 'call-1#1.1',
    })
    const calls = await fetch(`${server.url}/v1/interactions/call-2`).then((r) => r.json())
    expect(calls).toMatchObject({ state: 'connected', agent: 'ann' })
    expect(answers.at(-1)!.body).toMatch(/^retry: 1000\n/)
  })
})
