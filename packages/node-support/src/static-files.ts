// Serves a built single-page app's files (the designer, the agent desktop): only regular files inside the build
// folder (no "..", no encoded traversal, no hidden names, no symlink leading out), under a size cap, with the
// content type, caching and no-framing headers; a path without an extension is one of the app's routes.
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, isAbsolute, join, relative, sep } from 'node:path'

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
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

/** Larger than any chunk a build has (Monaco's is under 5 MB): a file over it is refused, never streamed. */
export const MAX_STATIC_FILE_BYTES = 64 * 1024 * 1024

export interface StaticFile {
  /** Its real path, inside the build folder. */
  path: string
  size: number
}

/** What {@link sendStaticFile} did: `sent`, or why not, so the caller answers in its own error format. */
export type StaticOutcome =
  | { status: 'sent'; file: StaticFile }
  | { status: 'method-not-allowed' }
  | { status: 'no-root' }
  | { status: 'not-found' }
  | { status: 'too-large'; size: number; maxBytes: number }

export interface SendStaticOptions {
  /** The build folder (vite's dist). */
  root: string
  /** The URL path below the root, still percent-encoded (`assets/app.js`, `/`, `calls/today`). */
  path: string
  /** Default {@link MAX_STATIC_FILE_BYTES}. */
  maxBytes?: number
}

/**
 * Answers GET and HEAD with the file (200) and returns `sent`; writes nothing for any other outcome.
 * @example
 * const outcome = await sendStaticFile(req, res, { root: dist, path: url.pathname })
 * if (outcome.status === 'not-found') res.writeHead(404).end()
 */
export async function sendStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  options: SendStaticOptions,
): Promise<StaticOutcome> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 'method-not-allowed' }
  let root: string
  try {
    root = await realpath(options.root)
  } catch {
    return { status: 'no-root' }
  }
  const file = await resolveStaticFile(root, options.path)
  if (file === undefined) return { status: 'not-found' }
  const maxBytes = options.maxBytes ?? MAX_STATIC_FILE_BYTES
  if (file.size > maxBytes) return { status: 'too-large', size: file.size, maxBytes }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
    // vite's hashed assets never change; index.html must be asked for again
    'cache-control': file.path.includes(`${sep}assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    'x-content-type-options': 'nosniff',
    // no framing: a page elsewhere must not overlay the app and trick a click
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  })
  if (req.method === 'HEAD') res.end()
  else
    createReadStream(file.path)
      .on('error', () => res.destroy())
      .pipe(res)
  return { status: 'sent', file }
}

/** The file a URL path (still percent-encoded) names inside `root` (a real path), or undefined. */
export async function resolveStaticFile(root: string, encoded: string): Promise<StaticFile | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(encoded)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s.startsWith('.'))) return undefined
  const wanted = segments.length === 0 ? 'index.html' : segments.join('/')
  const found = await fileInside(root, join(root, wanted))
  // a path without an extension is one of the app's own routes
  if (found === undefined && extname(wanted) === '') return fileInside(root, join(root, 'index.html'))
  return found
}

async function fileInside(root: string, candidate: string): Promise<StaticFile | undefined> {
  try {
    const real = await realpath(candidate)
    const rel = relative(root, real)
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined
    const info = await stat(real)
    return info.isFile() ? { path: real, size: info.size } : undefined
  } catch {
    return undefined
  }
}
