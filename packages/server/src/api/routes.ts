// The HTTP API as data: each route's method, path, body schema, answers and handler. The node:http adapter and
// the OpenAPI generator both read this table; handlers see parsed input and return JSON, never a socket.
import {
  DEFAULT_LIMITS,
  type InteractionInput,
  type RouterLimits,
  refuseInteractionInput,
  refuseReservedDataKey,
  refuseStateReason,
  type TreatmentResult,
} from '@routewright/strategy-runtime'
import type { z } from 'zod'
import type { RejectHow, RoutingCoordinator } from '../core/coordinator.ts'
import { type AgentQuery, agentsPage, type Page, type WaitingQuery, waitingPage } from '../core/list-page.ts'
import { quotedId } from '../core/quoted-id.ts'
import type { BatchMetrics } from '../core/server-metrics.ts'
import { submitTiming } from '../core/submit-timing.ts'
import {
  type AgentStateCall,
  type CommandRefusal,
  type CommandResult,
  type InteractionView,
  REFUSAL_CODES,
} from '../core/types.ts'
import { batchRoute } from './batch.ts'
import { CAPABILITY_NAMES } from './capabilities.ts'
import { refuseDisposition } from './disposition.ts'
import { alarmList, monitorView } from './monitor-schemas.ts'
import { agentQuery, noQuery, waitingQuery } from './page-query.ts'
import {
  abandonBody,
  accepted,
  agentList,
  agentStateBody,
  capabilitiesView,
  completeBody,
  confirmBody,
  connectBody,
  emptyBody,
  interactionView,
  limitsView,
  priorityBody,
  rejectBody,
  reloadResult,
  submitBody,
  submittedView,
  treatmentBody,
  versionList,
  waitingList,
} from './schemas.ts'

export interface ReloadOutcome {
  applied: boolean
  version: string
  unchanged?: boolean
  diagnostics?: unknown[]
  /** Links in the workspace a user may expect read, which were not followed (relative paths). */
  skippedLinks?: string[]
  /** RW091 warnings: entries named like a strategy that are not regular files, left out (refused or applied). */
  skipped?: unknown[]
  /** How many RW091 entries there were: `skipped` lists at most 20. */
  skippedTotal?: number
}

/** What handlers may use. */
export interface ApiContext {
  coordinator: RoutingCoordinator
  reload(): Promise<ReloadOutcome>
  /** The live monitor and alarms (contract K2). */
  live?: { monitor(): Promise<unknown>; alarms(): Promise<unknown> }
  /** The router's limits a submit is checked against before anything is created; default DEFAULT_LIMITS. */
  limits?: RouterLimits
  /** Where a batch's commands are counted (serve's /metrics); none counts nothing. */
  batchMetrics?: BatchMetrics
}

export interface Reply {
  status: number
  body: unknown
  /** Response headers beside the JSON ones (a replayed submit's `Idempotent-Replayed`). */
  headers?: Record<string, string>
}

/** The header a replayed submit's answer carries (Stripe's name for it): the same request had been submitted. */
export const REPLAYED_HEADER = 'idempotent-replayed'
const REPLAYED: Record<string, string> = { [REPLAYED_HEADER]: 'true' }

export interface Route {
  method: 'GET' | 'POST' | 'PUT'
  /** `/v1/interactions/{id}`: braces mark parameters, as OpenAPI writes them. */
  path: string
  operationId: string
  summary: string
  body?: z.ZodType
  response: z.ZodType
  /** A second success answer with the same body schema, and when it is given (a replayed submit's 200). */
  alsoStatus?: { status: number; description: string; header?: { name: string; description: string } }
  /** Status of a success. */
  status: number
  /** Answered from this process's own settings, never from Redis: not stale in an outage, no word on routing. */
  local?: true
  /** Its `op` in a batch (POST /v1/commands), for the commands a busy host sends many of. */
  batch?: string
  /** The query's schema (a list's paging and filters): parsed before the handler, its issues answered 400. */
  query?: z.ZodType
  /** What the body's schema would drop unseen, refused before it parses (submit's `data` key `__proto__`). */
  refuseUnparsed?(value: unknown): Reply | undefined
  handle(
    ctx: ApiContext,
    params: Record<string, string>,
    body: unknown,
    query?: unknown,
  ): Reply | Promise<Reply>
}

/** A page as a list answers it: `{ [name]: entries, next? }`. */
function listBody(name: string, page: Page<unknown>): Record<string, unknown> {
  if (page.next === undefined) return { [name]: page.entries }
  return page.partial
    ? { [name]: page.entries, next: page.next, partial: true }
    : { [name]: page.entries, next: page.next }
}

/** The core's own refusal codes: the code alone goes to the host (no `current`, `fix` or `field`). */
const CORE_REFUSALS: ReadonlySet<string> = new Set(REFUSAL_CODES)

async function reply<T>(
  pending: Promise<CommandResult<T>>,
  status: number,
  body: (value: T) => unknown,
): Promise<Reply> {
  const result = await pending
  if (result.ok) return { status, body: body(result.value) }
  return refusedReply(result)
}

/** A submit's answer: 201 with the new interaction, 200 (marked) with the one a retried same request made. */
async function submitted(pending: Promise<CommandResult<InteractionView>>): Promise<Reply> {
  const result = await pending
  if (!result.ok) return refusedReply(result)
  // the host knows what it submitted: the answer leaves it out (GET /v1/interactions/{id} shows it)
  const { trace: _trace, submitted: _submitted, ...view } = result.value
  return view.replayed ? { status: 200, body: view, headers: REPLAYED } : { status: 201, body: view }
}

function refusedReply(result: CommandRefusal): Reply {
  // a refusal's code (and a stale reservation's current one, or an agent's state now) go to the host as data
  // (errorBody), not only in the text
  return result.code === undefined
    ? { status: result.status, body: { error: result.error } }
    : CORE_REFUSALS.has(result.code)
      ? { status: result.status, body: { error: result.error, code: result.code } }
      : result.code === 'stale-reservation' || result.code === 'state-changed'
        ? {
            status: result.status,
            body: {
              error: result.error,
              code: result.code,
              current: result.current ?? null,
              ...(result.currentReason === undefined ? {} : { currentReason: result.currentReason }),
            },
          }
        : {
            status: result.status,
            body: { error: result.error, code: result.code, ...(result.fix ? { fix: result.fix } : {}) },
          }
}

function command(
  operationId: string,
  action: string,
  summary: string,
  run: (c: RoutingCoordinator, id: string, body: unknown) => Promise<CommandResult>,
  body: z.ZodType = emptyBody,
): Route {
  return {
    method: 'POST',
    path: `/v1/interactions/{id}/${action}`,
    operationId,
    summary,
    body,
    response: accepted,
    status: 200,
    batch: action,
    handle: (ctx, params, parsed) =>
      reply(run(ctx.coordinator, params.id!, parsed), 200, () => ({ ok: true })),
  }
}

/** complete as a plain command; SINGLE's entry checks its disposition first. */
const completeRoute = command(
  'completeInteraction',
  'complete',
  'The agent finished the interaction: its capacity frees up. `transferred: true` (and `to`, where): it ended by a blind transfer away, recorded so (the reports\' `transfers`). `disposition`: the wrap-up code the agent picked (`resolved`, `sale`), shown in the interaction\'s view and kept in history (`routewright report --by disposition`); over 64 characters or with a control or format character it is refused 422 (`over-limit`, `control-character`, `field: "disposition"`), nothing changed. No body: a plain complete',
  (c, id, body) => {
    const { transferred, to, disposition } = (body ?? {}) as z.infer<typeof completeBody>
    const how = {
      ...(transferred === true ? { transferred, ...(to === undefined ? {} : { to }) } : {}),
      ...(disposition === undefined ? {} : { disposition }),
    }
    // a plain complete carries no how: the call it always was (and forwards as an older one)
    return Object.keys(how).length === 0 ? c.complete(id) : c.complete(id, how)
  },
  completeBody,
)

const SINGLE: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/interactions',
    operationId: 'submitInteraction',
    summary:
      'Submit an interaction: it starts on the current strategy version and is routed at once (201). A retry of the same request (the host lost the answer) is answered 200 with the interaction as it is now, `replayed: true` and the header `Idempotent-Replayed: true`, never routed twice; another request with an id in use is 409 `duplicate-id`',
    body: submitBody,
    response: submittedView,
    status: 201,
    alsoStatus: {
      status: 200,
      description:
        'The same request had been submitted with this id (a retry): the interaction as it is now, `replayed: true`; nothing ran again',
      header: {
        name: 'Idempotent-Replayed',
        description: '`true`: this answer is a replay of an earlier submit',
      },
    },
    batch: 'submit',
    // zod's record drops a top-level `__proto__` data key without a word: refused by name before, nothing lost unseen
    refuseUnparsed: (value) => {
      const data =
        typeof value === 'object' && value !== null && Object.hasOwn(value, 'data')
          ? (value as { data: unknown }).data
          : undefined
      const refused = refuseReservedDataKey(data)
      if (refused === undefined) return undefined
      const { message, ...as } = refused
      return { status: 422, body: { error: message, ...as } }
    },
    handle: (ctx, _params, body) => {
      // what the router would refuse (a field or data over its limits) is answered here: nothing created or recorded
      const refused = refuseInteractionInput(body as InteractionInput, ctx.limits ?? DEFAULT_LIMITS)
      if (refused !== undefined) {
        const { message, ...as } = refused
        return { status: 422, body: { error: message, ...as } }
      }
      submitTiming?.mark((body as InteractionInput).id, 'parsed')
      // zod leaves absent optional keys out, so the parsed body is an InteractionInput
      return submitted(ctx.coordinator.submit(body as InteractionInput))
    },
  },
  {
    method: 'GET',
    path: '/v1/interactions/{id}',
    operationId: 'getInteraction',
    summary: 'One interaction: state, version, path, trace and the explanation of its selection',
    response: interactionView,
    status: 200,
    handle: async (ctx, params) => {
      const view = await ctx.coordinator.interaction(params.id!)
      return view
        ? { status: 200, body: view }
        : {
            status: 404,
            body: { error: `Unknown interaction ${quotedId(params.id!)}`, code: 'unknown-interaction' },
          }
    },
  },
  command(
    'treatmentDone',
    'treatment-done',
    'Report that a treatment finished (with collected digits) or failed',
    (c, id, body) => c.treatmentDone(id, body as TreatmentResult),
    treatmentBody,
  ),
  command(
    'confirmReservation',
    'confirm',
    'The agent accepted the reserved interaction (the reservation named, else the current one); `at`: when it answered, if the host heard of it late',
    (c, id, body) => {
      const { reservation, at } = body as z.infer<typeof confirmBody>
      return c.confirmReservation(id, reservation, at)
    },
    confirmBody,
  ),
  command(
    'connectAgent',
    'connect',
    'The interaction is connected to this agent already, whichever agent it was offered to (an agent answered it while the host could not tell the router): it leaves its place in line, or its pending offer to another agent is withdrawn (that agent keeps its state), and it is confirmed with this agent. 409 when the agent has no free place for its media',
    (c, id, body) => {
      const { agent, at, note } = body as z.infer<typeof connectBody>
      // zod leaves absent optional keys out
      return c.connectAgent(id, {
        agent,
        ...(at === undefined ? {} : { at }),
        ...(note === undefined ? {} : { note }),
      })
    },
    connectBody,
  ),
  command(
    'rejectReservation',
    'reject',
    'The agent declined or did not answer (`reason: no-answer`) (made not ready, reason `declined` or `no-answer`), or the host withdrew the offer (`reason: withdrawn`, the agent left as it was): the interaction goes back to its place in line (the reservation named, else the current one)',
    (c, id, body) => {
      const { reservation, ...how } = body as z.infer<typeof rejectBody>
      // zod leaves absent optional keys out
      return c.rejectReservation(id, reservation, how as RejectHow)
    },
    rejectBody,
  ),
  command(
    'setPriority',
    'priority',
    "Change a waiting interaction's priority (`priority`, or `by` relative to its own now), as Amazon Connect's UpdateContactRoutingData or TaskRouter's task Priority: in line it moves to its new place at once (its age kept) and an agent ready for it takes it; not queued yet, it queues with it",
    (c, id, body) => c.setPriority(id, body as z.infer<typeof priorityBody>),
    priorityBody,
  ),
  command(
    'abandonInteraction',
    'abandon',
    'The customer hung up or left before an agent took it (`reason`: `caller-hangup`, `queue-timeout` or `host`, with an optional `note`; no body: no reason given): kept in the trace, the `finished` event and the history record',
    (c, id, body) => {
      const { reason, note } = (body ?? {}) as z.infer<typeof abandonBody>
      // zod leaves absent optional keys out; an old host's abandon passes no how at all
      if (reason === undefined && note === undefined) return c.abandon(id)
      return c.abandon(id, {
        ...(reason === undefined ? {} : { reason }),
        ...(note === undefined ? {} : { note }),
      })
    },
    abandonBody,
  ),
  {
    ...completeRoute,
    handle: (ctx, params, parsed) => {
      // a disposition over its bound is answered here, as a submit's field: nothing changed
      const refused = refuseDisposition((parsed as z.infer<typeof completeBody> | undefined)?.disposition)
      if (refused !== undefined) return { status: 422, body: refused }
      return completeRoute.handle(ctx, params, parsed)
    },
  },
  {
    method: 'PUT',
    path: '/v1/agents/{id}/state',
    operationId: 'setAgentState',
    summary:
      'An agent changed state (for one media, or all); with `ifState` (and/or `ifReason`), only if the agent is still in that state (with that reason) (else 409 `state-changed`, nothing changed)',
    body: agentStateBody,
    response: accepted,
    status: 200,
    batch: 'agent-state',
    handle: (ctx, params, body) => {
      const { ifState, ifReason, ...fields } = body as z.infer<typeof agentStateBody>
      const event: AgentStateCall = { ...(fields as Omit<AgentStateCall, 'agent'>), agent: params.id! }
      // a reason over the router's limits is answered here, as a submit's field: nothing changed
      const refused = refuseStateReason(event.reason, event.state, (ctx.limits ?? DEFAULT_LIMITS).maxIdChars)
      if (refused !== undefined) {
        const { message, ...as } = refused
        return { status: 422, body: { error: message, ...as } }
      }
      return reply(ctx.coordinator.agentEvent(event, ifState, ifReason), 200, () => ({ ok: true }))
    },
  },
  {
    method: 'GET',
    path: '/v1/agents',
    operationId: 'listAgents',
    summary:
      'Agents with their state, load per media and reservations (current version), by id, a page at a time',
    response: agentList,
    query: agentQuery,
    status: 200,
    handle: async (ctx, _params, _body, query) => {
      const q = query as AgentQuery
      const c = ctx.coordinator
      // a coordinator without pages of its own (a test's, a host's) has its whole list cut here
      const page = c.agentsPage ? await c.agentsPage(q) : agentsPage(await c.agents(), q)
      return { status: 200, body: listBody('agents', page) }
    },
  },
  {
    method: 'GET',
    path: '/v1/waiting',
    operationId: 'listWaiting',
    summary: 'Interactions waiting in virtual queues, first in line first, a page at a time',
    response: waitingList,
    query: waitingQuery,
    status: 200,
    handle: async (ctx, _params, _body, query) => {
      const q = query as WaitingQuery
      const c = ctx.coordinator
      const page = c.waitingPage ? await c.waitingPage(q) : waitingPage(await c.waiting(), q)
      return { status: 200, body: listBody('waiting', page) }
    },
  },
  {
    method: 'GET',
    path: '/v1/versions',
    operationId: 'listVersions',
    summary: 'Loaded strategy versions: the current one and those still finishing interactions',
    response: versionList,
    status: 200,
    handle: async (ctx) => ({ status: 200, body: { versions: await ctx.coordinator.versions() } }),
  },
  {
    method: 'GET',
    path: '/v1/limits',
    operationId: 'getLimits',
    summary:
      "The router's limits this server checks submits against (the defaults under --limits): a host reads them to fit what it submits, as the SIP bridge cuts a caller's ANI to maxAddressChars",
    response: limitsView,
    status: 200,
    local: true,
    handle: (ctx) => ({ status: 200, body: ctx.limits ?? DEFAULT_LIMITS }),
  },
  {
    method: 'GET',
    path: '/v1/capabilities',
    operationId: 'getCapabilities',
    summary:
      'The optional request features this server takes, by stable name (`agent-state-if-reason`, ...): a host reads them to choose a request, as the SIP bridge chooses its conditional logout; an older serve answers 404 here (none). With several processes on Redis, a name the routing process applies is listed only while it takes it too',
    response: capabilitiesView,
    status: 200,
    local: true,
    handle: async (ctx) => ({
      status: 200,
      body: { capabilities: (await ctx.coordinator.capabilities?.()) ?? CAPABILITY_NAMES },
    }),
  },
  {
    method: 'POST',
    path: '/v1/reload',
    operationId: 'reload',
    summary:
      'Read the workspace again: applied when it validates in full, refused with its diagnostics otherwise',
    body: emptyBody,
    response: reloadResult,
    status: 200,
    handle: async (ctx) => {
      const outcome = await ctx.reload()
      return outcome.applied || outcome.unchanged
        ? { status: 200, body: outcome }
        : {
            status: 422,
            // a stable code as every error has; the diagnostics (code, file, range, message) are the outcome's data
            body: {
              error: 'The workspace does not validate; the running version stays',
              code: 'workspace-invalid',
              ...outcome,
            },
          }
    },
  },
  {
    method: 'GET',
    path: '/v1/monitor',
    operationId: 'getMonitor',
    // a parameter it does not read (`since=...`) is refused, as /v1/agents refuses one, not silently ignored
    query: noQuery,
    summary:
      'Live figures: per queue (waiting, oldest, offered, answered, abandoned, service level, ASA over the rolling window), per group (agents by state), the agent grid, node entries and active alarms',
    response: monitorView,
    status: 200,
    handle: async (ctx) =>
      ctx.live
        ? { status: 200, body: await ctx.live.monitor() }
        : { status: 404, body: { error: 'This server has no monitor' } },
  },
  {
    method: 'GET',
    path: '/v1/alarms',
    operationId: 'listAlarms',
    query: noQuery,
    summary: 'Alarms raised now (alarms.yaml rules) and the last ones cleared',
    response: alarmList,
    status: 200,
    handle: async (ctx) =>
      ctx.live
        ? { status: 200, body: await ctx.live.alarms() }
        : { status: 404, body: { error: 'This server has no alarms' } },
  },
]

export const ROUTES: readonly Route[] = [...SINGLE, batchRoute(SINGLE)]

/** Each route's path split once: its literal segments by position, and its parameters' names by position. */
const COMPILED = ROUTES.map((route) => {
  const parts = route.path.split('/')
  const literals: Array<[number, string]> = []
  const params: Array<[number, string]> = []
  parts.forEach((part, i) => {
    if (part.startsWith('{')) params.push([i, part.slice(1, -1)])
    else literals.push([i, part])
  })
  return { route, length: parts.length, literals, params }
})

/** The decoded, non-empty parameters of a path whose literal segments matched, or undefined (not this route). */
function paramsOf(parts: readonly string[], names: ReadonlyArray<[number, string]>) {
  const params: Record<string, string> = {}
  for (const [i, name] of names) {
    let value: string
    try {
      value = decodeURIComponent(parts[i]!)
    } catch {
      return undefined
    }
    if (value === '') return undefined
    params[name] = value
  }
  return params
}

/** Finds the route for a method and path; `allowed` lists the methods of a path that exists. */
export function matchRoute(
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  let allowed: string[] | undefined
  const parts = pathname.split('/')
  for (const { route, length, literals, params: names } of COMPILED) {
    if (length !== parts.length) continue
    // literals first: a command's path is decoded once, for its own route, not for every route of its length
    let ok = true
    for (const [i, literal] of literals)
      if (parts[i] !== literal) {
        ok = false
        break
      }
    if (!ok) continue
    const params = paramsOf(parts, names)
    if (!params) continue
    if (route.method === method) return { route, params }
    if (allowed) allowed.push(route.method)
    else allowed = [route.method]
  }
  return allowed ? { allowed } : undefined
}
