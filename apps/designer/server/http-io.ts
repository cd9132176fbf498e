// Small request/response helpers: JSON replies, bounded JSON bodies, and the same-origin guard.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AllowedHosts } from '@routewright/node-support/listen-address'
import { firstInvalidUtf8 } from '@routewright/strategy-dsl'
import { jsonProblem } from '@routewright/strategy-dsl/json-problem'
import { MAX_BODY_BYTES } from '../src/api/protocol.ts'
import { ApiError } from './api-error.ts'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(text)
}

/** A CSV download: the browser saves it under `filename` (ASCII, chosen by us) rather than showing it. */
export function sendCsv(res: ServerResponse, text: string, filename: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          'internal',
          `Unexpected server error: ${error instanceof Error ? error.message : error}`,
        )
  if (res.headersSent) {
    res.destroy()
    return
  }
  sendJson(res, apiError.status, apiError.toBody())
}

/** Refuses bytes that are not UTF-8 instead of replacing them; a byte order mark is kept, as the lenient decode did. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The not-utf8 refusal of a body, naming the first bad byte as a file's refusal does; nothing is written. */
function notUtf8Body(bytes: Uint8Array): ApiError {
  const bad = firstInvalidUtf8(bytes)
  const detail = bad ? `: ${bad.what} at byte ${bad.offset}` : ''
  return new ApiError(
    400,
    'not-utf8',
    `The request body is not valid UTF-8${detail}; nothing was written. Send the text as UTF-8.`,
  )
}

function tooLarge(limit: number): ApiError {
  const mb = (limit / 1024 / 1024).toFixed(0)
  return new ApiError(
    413,
    'payload-too-large',
    `The request body is over the ${mb} MB limit; nothing was written.`,
  )
}

/**
 * Reads a JSON object body of at most `limit` bytes. An oversized body is refused as soon as it is known to be
 * too large (from Content-Length or while streaming): the caller answers 413 at once, and the rest of the upload is
 * read and thrown away rather than the connection reset, so the client sees the 413 whatever the body's size.
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\b/i.test(type)) {
      req.resume()
      reject(
        new ApiError(415, 'bad-request', 'Send the request body as JSON (content-type: application/json).'),
      )
      return
    }
    const refuse = () => {
      req.removeAllListeners('data')
      req.resume() // discard the rest without buffering it
      reject(tooLarge(limit))
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN)
    if (Number.isFinite(declared) && declared > limit) {
      refuse()
      return
    }
    let received = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > limit) {
        chunks.length = 0
        refuse()
        return
      }
      chunks.push(chunk)
    })
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new ApiError(400, 'bad-request', 'The request body was cut off.'))
    })
    req.on('end', () => {
      if (received > limit) return
      const bytes = Buffer.concat(chunks)
      let text: string
      try {
        text = strictUtf8.decode(bytes)
      } catch {
        // a lenient decode turned the bad bytes into U+FFFD, which a save then wrote over the file's text
        reject(notUtf8Body(bytes))
        return
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (error) {
        // where, never what: V8's message quotes the body, which may hold control characters or megabytes
        const problem = jsonProblem(text, error)
        reject(
          new ApiError(
            400,
            'bad-request',
            `The request body is not valid JSON${problem ? `: ${problem}` : ''}.`,
          ),
        )
        return
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        reject(new ApiError(400, 'bad-request', 'The request body must be a JSON object.'))
        return
      }
      resolve(parsed as Record<string, unknown>)
    })
  })
}

export interface OriginPolicy {
  /** The Host header values answered; `undefined` accepts any (bound to a wildcard address). */
  allowedHosts: AllowedHosts | undefined
}

/**
 * Refuses requests a web page on another origin could make: a foreign Host (DNS rebinding),
 * a foreign Origin, or a browser-declared cross-site fetch.
 */
export function checkSameOrigin(req: IncomingMessage, policy: OriginPolicy): void {
  const host = req.headers.host
  if (host === undefined) throw new ApiError(400, 'bad-request', 'The request has no Host header.')
  if (policy.allowedHosts !== undefined && !policy.allowedHosts.has(host)) {
    throw new ApiError(
      403,
      'cross-origin',
      `Host "${host}" is not this designer server; open it through the address it printed.`,
    )
  }
  const origin = req.headers.origin
  if (origin !== undefined && origin !== 'null' && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    throw new ApiError(
      403,
      'cross-origin',
      `Requests from ${origin} are refused; only the designer page may call this API.`,
    )
  }
  if (origin === 'null') {
    throw new ApiError(403, 'cross-origin', 'Requests from an opaque origin are refused.')
  }
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ApiError(
      403,
      'cross-origin',
      `A ${site} request was refused; only the designer page may call this API.`,
    )
  }
}
