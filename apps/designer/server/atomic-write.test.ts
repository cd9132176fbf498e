// @vitest-environment node
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let t: TestServer
afterEach(async () => {
  await t?.close()
})

it('never lets a reader see a half-written file, and leaves no temp files behind', async () => {
  // large enough that a non-atomic write would be caught mid-way by the reader loop
  const a = `id: a\n${'# a\n'.repeat(100_000)}`
  const b = `id: b\n${'# bb\n'.repeat(100_000)}`
  t = await startTestServer({ 'big.strategy.yaml': a })
  const path = join(t.root, 'big.strategy.yaml')
  let writing = true
  const seen = new Set<string>()
  const reader = (async () => {
    while (writing) {
      const text = await readFile(path, 'utf8').catch((error: Error) => `missing: ${error.message}`)
      seen.add(text === a ? 'a' : text === b ? 'b' : `torn (${text.slice(0, 40)}..., ${text.length} chars)`)
    }
  })()
  try {
    let version = (await t.api('GET', '/api/file?path=big.strategy.yaml')).body.version
    for (let i = 0; i < 8; i++) {
      const text = i % 2 === 0 ? b : a
      const reply = await t.api('PUT', '/api/file', { path: 'big.strategy.yaml', text, baseVersion: version })
      expect(reply.status).toBe(200)
      version = reply.body.version
    }
  } finally {
    writing = false
    await reader
  }
  expect([...seen].sort()).toEqual(['a', 'b'])
  expect(await readdir(t.root)).toEqual(['big.strategy.yaml'])
}, 30_000)

it('leaves no temp file and no partial file when a write fails', async () => {
  t = await startTestServer({ 'sub/a.strategy.yaml': 'id: a\n' })
  const version = (await t.api('GET', '/api/file?path=sub/a.strategy.yaml')).body.version
  await rm(join(t.root, 'sub'), { recursive: true })
  const reply = await t.api('PUT', '/api/file', {
    path: 'sub/a.strategy.yaml',
    text: 'id: b\n',
    baseVersion: version,
    force: true,
  })
  expect(reply.status).toBe(404)
  expect(reply.body.error.message).toMatch(/folder of "sub\/a.strategy.yaml" does not exist/)
  expect(await readdir(t.root)).toEqual([])
})

it('serialises concurrent saves from the same base: one wins, the other gets a conflict', async () => {
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
  const version = (await t.api('GET', '/api/file?path=a.strategy.yaml')).body.version
  const replies = await Promise.all(
    ['id: one\n', 'id: two\n'].map((text) =>
      t.api('PUT', '/api/file', { path: 'a.strategy.yaml', text, baseVersion: version }),
    ),
  )
  expect(replies.map((r) => r.status).sort()).toEqual([200, 409])
  const winner = replies.find((r) => r.status === 200)!
  expect((await t.api('GET', '/api/file?path=a.strategy.yaml')).body.version).toBe(winner.body.version)
})
