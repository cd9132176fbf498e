// The one static-file server: files inside the build folder only, by their real path, under the size cap.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StaticOutcome, sendStaticFile } from '../src/index.ts'

let sandbox: string
let http: Server
let base: string
let maxBytes: number | undefined

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'rw-static-'))
  const dist = join(sandbox, 'dist')
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)')
  writeFileSync(join(dist, 'module.wasm'), Buffer.from([0, 97, 115, 109]))
  writeFileSync(join(dist, 'data.bin'), 'x')
  writeFileSync(join(dist, '.env'), 'SECRET=1')
  writeFileSync(join(sandbox, 'secret.txt'), 'outside the build')
  symlinkSync(join(sandbox, 'secret.txt'), join(dist, 'link.txt'))
  // the outcome travels back in a header, so each test sees what the server decided
  http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    void sendStaticFile(req, res, {
      root: join(sandbox, req.headers['x-root'] === 'none' ? 'nope' : 'dist'),
      path,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    }).then((outcome: StaticOutcome) => {
      if (outcome.status !== 'sent') res.writeHead(299, { 'x-outcome': outcome.status }).end()
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve))
  rmSync(sandbox, { recursive: true, force: true })
})

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, init)
  return {
    status: response.status,
    outcome: response.headers.get('x-outcome'),
    headers: response.headers,
    text: await response.text(),
  }
}

describe('sendStaticFile', () => {
  it('serves index.html at the root and for extension-less routes, assets with a long cache', async () => {
    const index = await get('/')
    expect(index).toMatchObject({ status: 200, text: '<!doctype html><title>app</title>' })
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(index.headers.get('x-frame-options')).toBe('DENY')
    expect((await get('/calls/today')).text).toContain('<title>app</title>')
    const asset = await get('/assets/app-1a2b.js')
    expect(asset).toMatchObject({ status: 200, text: 'console.log(1)' })
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('names the content type by extension, octet-stream when unknown', async () => {
    expect((await get('/module.wasm')).headers.get('content-type')).toBe('application/wasm')
    expect((await get('/data.bin')).headers.get('content-type')).toBe('application/octet-stream')
  })

  it.each([
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/link.txt',
    '/.env',
    '/%00index.html',
    '/%E0%A4%A',
    '/missing.js',
  ])('refuses %s as not found, without reading it', async (path) => {
    const answer = await get(path)
    expect(answer).toMatchObject({ status: 299, outcome: 'not-found', text: '' })
  })

  it('says the build folder is missing, and refuses methods other than GET and HEAD', async () => {
    expect((await get('/', { headers: { 'x-root': 'none' } })).outcome).toBe('no-root')
    expect((await get('/', { method: 'POST' })).outcome).toBe('method-not-allowed')
    const head = await get('/assets/app-1a2b.js', { method: 'HEAD' })
    expect(head).toMatchObject({ status: 200, text: '' })
    expect(head.headers.get('content-length')).toBe('14')
  })

  it('refuses a file over the size cap', async () => {
    maxBytes = 10
    try {
      expect((await get('/assets/app-1a2b.js')).outcome).toBe('too-large')
      expect((await get('/data.bin')).status).toBe(200)
    } finally {
      maxBytes = undefined
    }
  })
})
