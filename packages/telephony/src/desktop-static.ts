// Serves the built agent desktop (apps/agent-desktop/dist) under /desktop/: files by path, index.html for the app's
// own routes, nothing outside the build folder (no "..", no encoded traversal, no symlink leading out).
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, isAbsolute, join, relative, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface DesktopStaticOptions {
  /** The desktop's build folder (vite's dist). */
  root: string
  /** URL prefix; default `/desktop/`. */
  prefix?: string
}

/** Answers GET/HEAD under the prefix (except the API) and returns true; false for any other path. */
export function serveDesktopStatic(
  options: DesktopStaticOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const prefix = options.prefix ?? '/desktop/'
  const rootPromise = realpath(options.root).catch(() => undefined)
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://desktop').pathname
    if (path === prefix.slice(0, -1)) {
      res.writeHead(308, { location: prefix })
      res.end()
      return true
    }
    if (!path.startsWith(prefix) || path.startsWith(`${prefix}api/`)) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      text(res, 405, 'Only GET and HEAD are served here', { allow: 'GET, HEAD' })
      return true
    }
    rootPromise
      .then(async (root) => {
        if (root === undefined) return text(res, 503, `The agent desktop is not built (no ${options.root})`)
        const file = await resolveFile(root, path.slice(prefix.length))
        if (file === undefined) return text(res, 404, `No file ${path} in the agent desktop`)
        send(req, res, file)
      })
      .catch(() => {
        if (!res.headersSent) text(res, 500, 'The file could not be read')
      })
    return true
  }
}

/** The real path of a file inside `root` for a URL path (still percent-encoded), or undefined. */
export async function resolveFile(
  root: string,
  encoded: string,
): Promise<{ path: string; size: number } | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(encoded)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return undefined
  const wanted = segments.length === 0 ? 'index.html' : segments.join('/')
  const found = await fileInside(root, join(root, wanted))
  // a path without an extension is one of the app's own routes
  if (found === undefined && extname(wanted) === '') return fileInside(root, join(root, 'index.html'))
  return found
}

async function fileInside(
  root: string,
  candidate: string,
): Promise<{ path: string; size: number } | undefined> {
  try {
    const real = await realpath(candidate)
    const rel = relative(root, real)
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined
    const info = await stat(real)
    return info.isFile() ? { path: real, size: info.size } : undefined
  } catch {
    return undefined
  }
}

function send(req: IncomingMessage, res: ServerResponse, file: { path: string; size: number }): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
    // vite's hashed assets never change; index.html must be asked for again
    'cache-control': file.path.includes(`${sep}assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    'x-content-type-options': 'nosniff',
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

function text(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(message),
    'x-content-type-options': 'nosniff',
    ...headers,
  })
  res.end(message)
}
