// Reads a request body as JSON within a size limit; every failure is a status and a message, never a throw.
import { isUtf8 } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import { firstInvalidUtf8 } from '@routewright/strategy-dsl'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import { jsonProblem } from '@routewright/strategy-dsl/json-problem'

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; error: string; code: BodyErrorCode }

/** A refused body's stable code (the `code` of the `Error` schema). */
export type BodyErrorCode =
  | 'body-too-large'
  | 'unreadable-body'
  | 'unsupported-media-type'
  | 'invalid-json'
  | 'not-utf8'

/** The `charset` parameter of a Content-Type (unquoted, lowered), or undefined when it names none. */
function charsetOf(type: string): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(type)
  return match ? match[2]!.toLowerCase() : undefined
}

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
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
      // strict: a lenient decode turned Latin-1 ids "caf\xe9" and "caf\xe8" into one "caf\uFFFD", the second a replay
      const utf8 = isUtf8(bytes)
      const text = utf8 ? bytes.toString('utf8') : ''
      if (utf8 && text.trim() === '') return finish({ ok: true, value: {} })
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
          error: `Send JSON (content-type: application/json), not ${shortened(type, 64)}`,
          code: 'unsupported-media-type',
        })
      const charset = charsetOf(type)
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
        return finish({
          ok: false,
          status: 415,
          error: `Send the JSON as UTF-8 (content-type: application/json; charset=utf-8), not charset ${JSON.stringify(shortened(charset, 32))}: serve reads no other`,
          code: 'unsupported-media-type',
        })
      if (!utf8) {
        const bad = firstInvalidUtf8(bytes)
        return finish({
          ok: false,
          status: 400,
          error: `The body is not valid UTF-8: ${bad?.what ?? 'an ill-formed sequence'} at byte ${bad?.offset ?? 0}. Send JSON encoded as UTF-8 (ids and text are kept exactly as sent, never guessed)`,
          code: 'not-utf8',
        })
      }
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
