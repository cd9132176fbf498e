// Reads a request body as JSON within a size limit; every failure is a status and a message, never a throw.
import type { IncomingMessage } from 'node:http'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import { jsonProblem } from '@routewright/strategy-dsl/json-problem'

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; error: string; code: BodyErrorCode }

/** A refused body's stable code (the `code` of the `Error` schema). */
export type BodyErrorCode = 'body-too-large' | 'unreadable-body' | 'unsupported-media-type' | 'invalid-json'

export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const type = String(req.headers['content-type'] ?? '')
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      req.resume()
      resolve({
        ok: false,
        status: 413,
        error: `The body is over the ${limit}-byte limit`,
        code: 'body-too-large',
      })
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: BodyResult) => {
      if (done) return
      done = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        finish({
          ok: false,
          status: 413,
          error: `The body is over the ${limit}-byte limit`,
          code: 'body-too-large',
        })
        req.resume()
        return
      }
      if (!done) chunks.push(chunk)
    })
    req.on('error', () =>
      finish({
        ok: false,
        status: 400,
        error: 'The request body could not be read',
        code: 'unreadable-body',
      }),
    )
    req.on('end', () => {
      if (done) return
      // a small body comes in one chunk: no copy to join it
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')
      if (text.trim() === '') return finish({ ok: true, value: {} })
      // node keeps the first of two and drops the rest: a proxy keeping the last would read the body as another type
      const types = req.headersDistinct['content-type'] ?? []
      if (types.length > 1)
        return finish({
          ok: false,
          status: 415,
          error: `Content-Type is given ${types.length} times (${types.map((t) => JSON.stringify(shortened(t, 64))).join(', ')}): send it once, as application/json`,
          code: 'unsupported-media-type',
        })
      if (type !== '' && type !== 'application/json' && !JSON_TYPE.test(type))
        return finish({
          ok: false,
          status: 415,
          error: `Send JSON (content-type: application/json), not ${type}`,
          code: 'unsupported-media-type',
        })
      try {
        finish({ ok: true, value: JSON.parse(text) })
      } catch (error) {
        // where, never what: V8's message quotes the body, which may hold control characters or megabytes
        const problem = jsonProblem(text, error)
        finish({
          ok: false,
          status: 400,
          error: `The body is not valid JSON${problem ? `: ${problem}` : ''}`,
          code: 'invalid-json',
        })
      }
    })
  })
}
