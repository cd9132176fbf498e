// Serves the built designer (vite's dist): files by path, index.html for client-side routes.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, relative, sep } from 'node:path'
import { sendJson } from './http-io.ts'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

function notFound(res: ServerResponse, pathname: string): void {
  sendJson(res, 404, { error: { code: 'not-found', message: `No file ${pathname} in the designer build.` } })
}

async function fileAt(path: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(path)
    return info.isFile() ? { path, size: info.size } : undefined
  } catch {
    return undefined
  }
}

export async function serveStatic(
  distRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: { code: 'method-not-allowed', message: 'Only GET is served here.' } })
    return
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    notFound(res, pathname)
    return
  }
  const candidate = normalize(join(distRoot, decoded))
  const rel = relative(distRoot, candidate)
  if (decoded.includes('\0') || rel.startsWith(`..${sep}`) || rel === '..') {
    notFound(res, pathname)
    return
  }
  let file = await fileAt(candidate)
  // paths without an extension are client-side routes of the single-page app
  if (file === undefined && extname(decoded) === '') file = await fileAt(join(distRoot, 'index.html'))
  if (file === undefined) {
    notFound(res, pathname)
    return
  }
  const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream'
  const hashed = file.path.includes(`${sep}assets${sep}`)
  res.writeHead(200, {
    'content-type': type,
    'content-length': file.size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    // no framing: a page elsewhere must not overlay the designer and trick a click on "delete"
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res)
}
