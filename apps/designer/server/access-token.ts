// The access token a designer server bound beyond loopback requires: from a header, a cookie, or once from the URL.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http-io.ts'

export const TOKEN_COOKIE = 'routewright_designer_token'
export const MIN_TOKEN_LENGTH = 16

function same(a: string, b: string): boolean {
  // hashes have equal length, so the comparison time says nothing about the token
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

/**
 * Answers the request itself and returns false unless it carries `token`: `Authorization: Bearer <token>`, the
 * cookie set on a first visit, or `?token=` on a page load (then the cookie is set and the token leaves the URL).
 */
export function checkAccessToken(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  token: string,
): boolean {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ') && same(header.slice(7), token)) return true
  const cookie = cookieValue(req, TOKEN_COOKIE)
  if (cookie !== undefined && same(cookie, token)) return true
  const fromUrl = url.searchParams.get('token')
  if (fromUrl !== null && same(fromUrl, token) && (req.method === 'GET' || req.method === 'HEAD')) {
    url.searchParams.delete('token')
    const query = url.searchParams.toString()
    res.writeHead(303, {
      location: `${url.pathname}${query === '' ? '' : `?${query}`}`,
      'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      'cache-control': 'no-store',
    })
    res.end()
    return false
  }
  req.resume()
  sendJson(res, 401, {
    error: {
      code: 'unauthorized',
      message:
        'This designer server needs its access token: open the address it printed (with ?token=...) ' +
        'or send "Authorization: Bearer <token>".',
    },
  })
  return false
}
