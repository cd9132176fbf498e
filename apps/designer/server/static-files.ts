// Serves the built designer (vite's dist) through node-support's static-file server, with the API's JSON errors.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { megabytes } from '@routewright/node-support/read'
import { sendStaticFile } from '@routewright/node-support/static-files'
import { assertNever } from '@routewright/strategy-dsl'
import { sendJson } from './http-io.ts'

export async function serveStatic(
  distRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const outcome = await sendStaticFile(req, res, { root: distRoot, path: pathname })
  switch (outcome.status) {
    case 'sent':
      return
    case 'method-not-allowed':
      res.setHeader('allow', 'GET, HEAD')
      return sendJson(res, 405, {
        error: { code: 'method-not-allowed', message: 'Only GET is served here.' },
      })
    case 'no-root':
    case 'not-found':
      return sendJson(res, 404, {
        error: { code: 'not-found', message: `No file ${pathname} in the designer build.` },
      })
    case 'too-large':
      return sendJson(res, 413, {
        error: {
          code: 'file-too-large',
          message: `${pathname} is ${megabytes(outcome.size)}, over the ${megabytes(outcome.maxBytes)} limit.`,
        },
      })
    default:
      return assertNever(outcome, 'static file outcome')
  }
}
