// POST /v1/commands: many commands in one request, as a busy telephony platform sends them over one connection. Each
// command runs through its single endpoint's route (runRoute: the same id limits, schema and handler) and is
// answered with the status and body that endpoint would give, in the order sent; one refused refuses no other.
import { CoordinatorUnavailable } from '../core/redis-link.ts'
import type { Reply, Route } from './routes.ts'
import { runRoute } from './run-route.ts'
import { batchBody, batchResult } from './schemas.ts'

/** A command's answer when the shared Redis is away: what its single request would answer (503, retry). */
function settled(run: () => Reply | Promise<Reply>): Promise<Reply> {
  // a throw before the command's first await is its answer too, not the batch's
  return new Promise<Reply>((resolve) => resolve(run())).catch((error: unknown) => {
    if (error instanceof CoordinatorUnavailable)
      return { status: 503, body: { error: error.message, code: 'unavailable' } }
    throw error
  })
}

/** The batch route over the routes that name their `op` (`batch`). */
export function batchRoute(routes: readonly Route[]): Route {
  const byOp = new Map<string, Route>()
  for (const route of routes) if (route.batch !== undefined) byOp.set(route.batch, route)
  const ops = [...byOp.keys()].join(', ')
  return {
    method: 'POST',
    path: '/v1/commands',
    operationId: 'runCommands',
    summary: `Many commands in one request (at most 1000, within the body limit): each \`{ op, id, ...the single endpoint's body }\` with op one of ${ops}; each is checked and run as its single endpoint runs it, in the order sent (each started without waiting for the one before, as pipelined requests are), and answered with that endpoint's status and body, in order: one refused (400 with zod's issues, 404, 409, 422, 503) leaves the others run`,
    body: batchBody,
    response: batchResult,
    status: 200,
    handle: async (ctx, _params, body) => {
      const { commands } = body as { commands: Array<Record<string, unknown>> }
      const counts = ctx.batchMetrics
      counts?.size(commands.length)
      /** A command's answer, counted under its route as its single request would be. */
      const counted = (route: string, pending: Promise<Reply>) =>
        counts
          ? pending.then((reply) => {
              counts.command(route, reply.status)
              return reply
            })
          : pending
      // every command started before any answer is awaited: each is handed to the router in the order sent
      const pending = commands.map(({ op, ...fields }) => {
        const route = byOp.get(op as string)
        if (!route)
          return counted(
            'unknown',
            Promise.resolve({
              status: 400,
              body: { error: `Unknown op ${JSON.stringify(op)}: one of ${ops}`, code: 'invalid-body' },
            }),
          )
        if (!route.path.includes('{id}'))
          return counted(
            route.operationId,
            settled(() => runRoute(ctx, route, {}, fields)),
          )
        const { id, ...rest } = fields
        if (typeof id !== 'string' || id === '')
          return counted(
            route.operationId,
            Promise.resolve({
              status: 400,
              body: {
                error: `A ${op} command names its ${op === 'agent-state' ? 'agent' : 'interaction'} in "id"`,
                code: 'invalid-body',
              },
            }),
          )
        return counted(
          route.operationId,
          settled(() => runRoute(ctx, route, { id }, rest)),
        )
      })
      // a result is its status and body (a replayed submit's header is in its body too: `replayed`)
      const results = (await Promise.all(pending)).map((r) =>
        r.headers ? { status: r.status, body: r.body } : r,
      )
      return { status: 200, body: { results } }
    },
  }
}
