// One route's work on its parsed request: the path's ids checked against the router's limits, the body against the
// route's schema (zod's issues answered 400), then the route's handler. A single request and each command of a
// batch (POST /v1/commands) run through this, so neither has a copy of the other's checks.
import { DEFAULT_LIMITS } from '@routewright/strategy-runtime'
import type { z } from 'zod'
import { checkBody } from './body-check.ts'
import type { ApiContext, Reply, Route } from './routes.ts'

/**
 * The query parameter every GET reads as nothing: the cache-buster browsers' libraries add (jQuery's cache: false
 * sends `?_=<time>`), so such a client is not refused where any other unknown parameter is.
 */
export const CACHE_BUSTER = '_'

/** A 404 for a path id longer than any the router takes (limits.maxIdChars), without echoing it, or undefined. */
export function refuseParams(ctx: ApiContext, params: Record<string, string>): Reply | undefined {
  const max = ctx.limits?.maxIdChars ?? DEFAULT_LIMITS.maxIdChars
  for (const name in params) {
    const value = params[name]!
    if (value.length > max)
      return {
        status: 404,
        body: {
          error: `No interaction or agent has an id of ${value.length} characters: the router's limit is ${max} (limits.maxIdChars)`,
          code: 'over-limit',
          field: 'id',
          limit: 'maxIdChars',
        },
      }
  }
  return undefined
}

/** The body as the schema gives it, or the 400 listing zod's issues. */
export function parseBody(
  schema: z.ZodType,
  value: unknown,
): { ok: true; body: unknown } | { ok: false; reply: Reply } {
  const parsed = checkBody(schema, value)
  if (parsed.success) return { ok: true, body: parsed.data }
  return {
    ok: false,
    reply: {
      status: 400,
      body: {
        error: 'The body does not match the schema (see /openapi.json)',
        code: 'invalid-body',
        issues: issuesOf(parsed.error),
      },
    },
  }
}

/** The request target's query as the route's schema gives it, or the 400 listing zod's issues. */
export function parseQuery(
  schema: z.ZodType,
  target: string,
): { ok: true; query: unknown } | { ok: false; reply: Reply } {
  const at = target.indexOf('?')
  // no prototype: a parameter named `__proto__` or `constructor` is a key of its own, refused by name as any unknown one
  const value: Record<string, string | string[]> = Object.create(null)
  if (at >= 0)
    for (const [name, text] of new URLSearchParams(target.slice(at + 1))) {
      if (name === CACHE_BUSTER) continue
      const before = value[name]
      // a name given twice is refused by the schema (a list, not a string) rather than one of them picked
      value[name] = before === undefined ? text : [before, text].flat()
    }
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, query: parsed.data }
  return {
    ok: false,
    reply: {
      status: 400,
      body: {
        error: 'The query does not match its parameters (see /openapi.json)',
        code: 'invalid-query',
        issues: issuesOf(parsed.error),
      },
    },
  }
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: issue.code,
    message: issue.message,
  }))
}

/** The route's answer to its path parameters and unchecked JSON body. */
export function runRoute(
  ctx: ApiContext,
  route: Route,
  params: Record<string, string>,
  value: unknown,
): Reply | Promise<Reply> {
  const refused = refuseParams(ctx, params)
  if (refused) return refused
  // a query route run without a request (a batch's) reads its defaults (a list's first page)
  const query = route.query ? parseQuery(route.query, '') : undefined
  if (query && !query.ok) return query.reply
  if (!route.body) return route.handle(ctx, params, undefined, query?.query)
  const unparsed = route.refuseUnparsed?.(value)
  if (unparsed) return unparsed
  const parsed = parseBody(route.body, value)
  return parsed.ok ? route.handle(ctx, params, parsed.body, query?.query) : parsed.reply
}
