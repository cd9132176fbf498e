import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isSafeRevision } from '../src/compare/git-protocol.ts'
import { startTestServer, type TestServer, writeFiles } from './test-support.ts'

const v1 = 'strategy: help\nformat: 1\nstart: done\nnodes:\n  done: { type: end, outcome: reject }\n'
const v2 = v1.replace('reject', 'default-route')

let current: TestServer | undefined
afterEach(async () => {
  await current?.close()
  current = undefined
})

/** Commits in the sandbox, which holds the workspace as a subfolder, with fixed dates so the log is stable. */
function commit(sandbox: string, message: string, day: number): string {
  const date = `2026-01-0${day}T10:00:00Z`
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }
  const run = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ann Lee', '-c', 'user.email=ann@example.com', ...args], {
      cwd: sandbox,
      env,
      encoding: 'utf8',
    })
  run('add', '-A')
  run('commit', '-q', '-m', message)
  return run('rev-parse', 'HEAD').trim()
}

async function repository(): Promise<{ server: TestServer; first: string; second: string }> {
  const server = await startTestServer({ 'flows/help.strategy.yaml': v1, 'other.strategy.yaml': v1 })
  current = server
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: server.sandbox })
  const first = commit(server.sandbox, 'First version', 1)
  await writeFiles(server.root, { 'flows/help.strategy.yaml': v2 })
  const second = commit(server.sandbox, 'Route instead of rejecting', 2)
  await writeFiles(server.root, { 'other.strategy.yaml': `${v1}# touched\n` })
  commit(server.sandbox, 'Another file only', 3)
  return { server, first, second }
}

describe('git history endpoints', () => {
  it('lists the commits touching a file, newest first, with hash, date, author and subject', async () => {
    const { server, first, second } = await repository()
    const reply = await server.api('GET', '/api/git/log?path=flows/help.strategy.yaml')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      repository: true,
      commits: [
        {
          hash: second,
          short: second.slice(0, 7),
          date: '2026-01-02T10:00:00+00:00',
          author: 'Ann Lee',
          subject: 'Route instead of rejecting',
        },
        expect.objectContaining({ hash: first, subject: 'First version' }),
      ],
    })
  })

  it('returns the file as it was at a hash or at HEAD~N, relative to the workspace folder', async () => {
    const { server, first } = await repository()
    const atHash = await server.api('GET', `/api/git/show?rev=${first}&path=flows/help.strategy.yaml`)
    expect(atHash).toEqual({
      status: 200,
      body: { rev: first, path: 'flows/help.strategy.yaml', text: v1 },
    })
    const atHead = await server.api('GET', '/api/git/show?rev=HEAD~1&path=flows/help.strategy.yaml')
    expect(atHead.body.text).toBe(v2)
  })

  it.each([
    '--output=/tmp/routewright-pwned',
    '-p',
    'HEAD..main',
    'HEAD:other.strategy.yaml',
    'HEAD@{1}',
    'HEAD; touch x',
    '$(touch x)',
    'main.lock',
    '',
  ])('refuses the revision %j with 400 before running git', async (rev) => {
    const { server } = await repository()
    const reply = await server.api(
      'GET',
      `/api/git/show?rev=${encodeURIComponent(rev)}&path=flows/help.strategy.yaml`,
    )
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('bad-request')
    expect(existsSync('/tmp/routewright-pwned')).toBe(false)
    expect(existsSync(join(server.root, 'x'))).toBe(false)
  })

  it('refuses paths outside the workspace and names files that did not exist at the revision', async () => {
    const { server, first } = await repository()
    const outside = await server.api('GET', '/api/git/show?rev=HEAD&path=../workspace/other.strategy.yaml')
    expect(outside.status).toBe(400)
    expect(outside.body.error.code).toBe('path-traversal')
    const log = await server.api('GET', '/api/git/log?path=/etc/passwd')
    expect(log.status).toBe(400)
    await writeFiles(server.root, { 'new.strategy.yaml': v1 })
    const missing = await server.api('GET', `/api/git/show?rev=${first}&path=new.strategy.yaml`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toBe(`"new.strategy.yaml" does not exist at revision ${first}.`)
  })

  it('refuses a revision of a file over the size limit with 413', async () => {
    const { server } = await repository()
    await writeFiles(server.root, { 'big.strategy.yaml': `${v1}#${'x'.repeat(6 * 1024 * 1024)}\n` })
    commit(server.sandbox, 'Big', 4)
    const reply = await server.api('GET', '/api/git/show?rev=HEAD&path=big.strategy.yaml')
    expect(reply.status).toBe(413)
    expect(reply.body.error.code).toBe('payload-too-large')
  })

  it('refuses an old Latin-1 revision of a now UTF-8 file with a message of its own, naming the revision', async () => {
    const { server } = await repository()
    await writeFiles(server.root, {
      'latin.strategy.yaml': Buffer.from('strategy: a\ntitle: caf\xe9\n', 'latin1'),
    })
    commit(server.sandbox, 'Latin-1', 4)
    await writeFiles(server.root, { 'latin.strategy.yaml': 'strategy: a\ntitle: café\n' })
    commit(server.sandbox, 'Converted to UTF-8', 5)
    const shown = await server.api('GET', '/api/git/show?rev=HEAD~1&path=latin.strategy.yaml')
    // a lenient decode would answer U+FFFD, and Restore then saved it; converting the file on disk cannot help
    expect([shown.status, shown.body]).toEqual([
      422,
      {
        error: {
          code: 'not-utf8',
          message:
            '"latin.strategy.yaml" at revision HEAD~1 is not valid UTF-8 (byte 0xe9 starting an incomplete sequence ' +
            'at byte 22): the designer shows and restores UTF-8 text only, so this revision cannot be shown or restored.',
        },
      },
    ])
    expect((await server.api('GET', '/api/git/show?rev=HEAD&path=latin.strategy.yaml')).status).toBe(200)
  })

  it('says when the workspace is not in a git repository', async () => {
    current = await startTestServer({ 'help.strategy.yaml': v1 })
    const log = await current.api('GET', '/api/git/log?path=help.strategy.yaml')
    expect(log).toEqual({ status: 200, body: { repository: false, commits: [] } })
    const show = await current.api('GET', '/api/git/show?rev=HEAD&path=help.strategy.yaml')
    expect(show.status).toBe(404)
    // made a repository while the designer runs: noticed on the next request
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: current.root })
    commit(current.root, 'First', 1)
    const again = await current.api('GET', '/api/git/log?path=help.strategy.yaml')
    expect(again.body).toMatchObject({ repository: true, commits: [{ subject: 'First' }] })
  })

  it('answers only GET', async () => {
    const { server } = await repository()
    const reply = await server.api('POST', '/api/git/log?path=flows/help.strategy.yaml', {})
    expect(reply.status).toBe(405)
  })
})

describe('isSafeRevision', () => {
  it.each([
    ['HEAD', true],
    ['HEAD~3', true],
    ['HEAD^', true],
    ['main', true],
    ['release/2026.1', true],
    ['v1.2.0', true],
    ['0123abc', true],
    ['-p', false],
    ['a..b', false],
    ['a:b', false],
    ['a b', false],
    ['@{-1}', false],
    ['x/', false],
    [`a${'b'.repeat(300)}`, false],
  ])('%s -> %s', (rev, safe) => {
    expect(isSafeRevision(rev)).toBe(safe)
  })
})
