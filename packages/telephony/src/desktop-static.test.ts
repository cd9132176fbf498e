// Serving the built desktop: its files and routes under /desktop/, and nothing outside the build folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDesktopStatic } from './desktop-static.ts'

let sandbox: string
let http: Server
let base: string

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'rw-desktop-static-'))
  const dist = join(sandbox, 'dist')
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Agent desktop</title>')
  writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)')
  writeFileSync(join(dist, '.env'), 'SECRET=1')
  writeFileSync(join(sandbox, 'secret.txt'), 'outside the build')
  symlinkSync(join(sandbox, 'secret.txt'), join(dist, 'link.txt'))
  const statics = serveDesktopStatic({ root: dist })
  http = createServer((req, res) => {
    if (!statics(req, res)) res.writeHead(418).end('not mine')
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve))
  rmSync(sandbox, { recursive: true, force: true })
})

async function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${base}${path}`, { method, redirect: 'manual' })
  return { status: response.status, text: await response.text(), headers: response.headers }
}

describe('serveDesktopStatic', () => {
  it('serves index.html at /desktop/ and for the app routes, hashed assets with a long cache', async () => {
    const index = await get('/desktop/')
    expect(index).toMatchObject({ status: 200, text: '<!doctype html><title>Agent desktop</title>' })
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('x-frame-options')).toBe('DENY')
    expect((await get('/desktop/calls/today')).text).toContain('Agent desktop')
    const asset = await get('/desktop/assets/app-1a2b.js')
    expect(asset).toMatchObject({ status: 200, text: 'console.log(1)' })
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })

  it('redirects /desktop to /desktop/ and leaves other paths and the API to the caller', async () => {
    const redirect = await get('/desktop')
    expect(redirect.status).toBe(308)
    expect(redirect.headers.get('location')).toBe('/desktop/')
    expect((await get('/v1/agents')).status).toBe(418)
    expect((await get('/desktop/api/session')).status).toBe(418)
  })

  it.each([
    '/desktop/..%2fsecret.txt',
    '/desktop/assets/..%2f..%2fsecret.txt',
    '/desktop/..%5csecret.txt',
    '/desktop/link.txt',
    '/desktop/.env',
    '/desktop/%00index.html',
    '/desktop/%E0%A4%A',
    '/desktop/missing.js',
  ])('refuses %s with a 404', async (path) => {
    const answer = await get(path)
    expect(answer.status).toBe(404)
    expect(answer.text).not.toContain('outside the build')
    expect(answer.text).not.toContain('SECRET')
  })

  it('leaves a dot-dot path to the caller: the URL parser resolves it out of /desktop/ first', async () => {
    const answer = await get('/desktop/%2e%2e/secret.txt')
    expect(answer).toMatchObject({ status: 418, text: 'not mine' })
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/desktop/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    const post = await get('/desktop/', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })
})
