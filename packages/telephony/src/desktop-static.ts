// Serves the built agent desktop (apps/agent-desktop/dist) under /desktop/ through node-support's static-file
// server (files by path, index.html for the app's own routes, nothing outside the build folder), answering in text.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { megabytes } from '@routewright/node-support/read'
import { sendStaticFile } from '@routewright/node-support/static-files'
import { assertNever } from '@routewright/strategy-dsl'

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
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://desktop').pathname
    if (path === prefix.slice(0, -1)) {
      res.writeHead(308, { location: prefix })
      res.end()
      return true
    }
    if (!path.startsWith(prefix) || path.startsWith(`${prefix}api/`)) return false
    sendStaticFile(req, res, { root: options.root, path: path.slice(prefix.length) })
      .then((outcome) => {
        switch (outcome.status) {
          case 'sent':
            return
          case 'method-not-allowed':
            return text(res, 405, 'Only GET and HEAD are served here', { allow: 'GET, HEAD' })
          case 'no-root':
            return text(res, 503, `The agent desktop is not built (no ${options.root})`)
          case 'not-found':
            return text(res, 404, `No file ${path} in the agent desktop`)
          case 'too-large':
            return text(
              res,
              413,
              `${path} is ${megabytes(outcome.size)}, over the ${megabytes(outcome.maxBytes)} limit`,
            )
          default:
            return assertNever(outcome, 'static file outcome')
        }
      })
      .catch(() => {
        if (!res.headersSent) text(res, 500, 'The file could not be read')
      })
    return true
  }
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
