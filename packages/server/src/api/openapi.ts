// The OpenAPI 3.1 document of the HTTP API, generated from the route table and its zod schemas.
import { z } from 'zod'
import * as monitor from './monitor-schemas.ts'
import { noQuery } from './page-query.ts'
import { ROUTES } from './routes.ts'
import * as api from './schemas.ts'

// each schema is named once, here (a namespace import: a list of imports would name them all a second time)
const NAMED: ReadonlyArray<[string, z.ZodType]> = [
  ['SubmitInteraction', api.submitBody],
  ['TreatmentResult', api.treatmentBody],
  ['AgentState', api.agentStateBody],
  ['Empty', api.emptyBody],
  ['ReservationAnswer', api.reservationBody],
  ['ConfirmAnswer', api.confirmBody],
  ['ConnectAgent', api.connectBody],
  ['RejectAnswer', api.rejectBody],
  ['AbandonReason', api.abandonBody],
  ['CompleteHow', api.completeBody],
  ['PriorityChange', api.priorityBody],
  ['Error', api.errorBody],
  ['Interaction', api.interactionView],
  ['SubmittedInteraction', api.submittedView],
  ['WaitingList', api.waitingList],
  ['VersionList', api.versionList],
  ['Limits', api.limitsView],
  ['Capabilities', api.capabilitiesView],
  ['AgentList', api.agentList],
  ['AgentStateEvent', api.agentStateEvent],
  ['CapabilitiesChangedEvent', api.capabilitiesChangedEvent],
  ['ReloadResult', api.reloadResult],
  ['Ok', api.accepted],
  ['Commands', api.batchBody],
  ['CommandResults', api.batchResult],
  ['Monitor', monitor.monitorView],
  ['AlarmList', monitor.alarmList],
  ['Readiness', api.readiness],
]

function ref(schema: z.ZodType): { $ref: string } {
  const named = NAMED.find(([, s]) => s === schema)
  if (!named) throw new Error('every schema of a route must be named in openapi.ts')
  return { $ref: `#/components/schemas/${named[0]}` }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  })
  return rest
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

/** On every refusal that says "retry" (http/retry-after.ts writes it): an integrator's client waits that long. */
const RETRY_AFTER_HEADERS = {
  'Retry-After': {
    required: true,
    description:
      'Whole seconds to wait before sending again: while routing changes hands, the takeover time; while Redis is unreachable or full, until its next reconnect attempt (1 to 60); too many event streams, the keep-alive interval (1 to 60)',
    schema: { type: 'integer', minimum: 1 },
  },
}

/** A read answered while Redis is unreachable: what the routing process holds, with a `stale` field saying since when. */
const STALE_HEADER_DOC = {
  description:
    '`redis-unreachable` on a read the routing process answered from what it holds while Redis is unreachable',
  schema: { type: 'string', enum: ['redis-unreachable'] },
}

/** A route's query schema (an object of optional fields) as OpenAPI query parameters. */
function queryParameters(query: z.ZodType | undefined): Record<string, unknown>[] {
  if (!(query instanceof z.ZodObject)) return []
  return Object.entries(query.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const { description, ...schema } = jsonSchema(field, 'input')
    return {
      name,
      in: 'query',
      required: !field.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema,
    }
  })
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of ROUTES) {
    const params: Record<string, unknown>[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    params.push(...queryParameters(route.query))
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: {
        [route.status]: {
          description: 'Done',
          content: { 'application/json': { schema: ref(route.response) } },
          ...(route.method === 'GET' && !route.local
            ? { headers: { 'Routewright-Stale': STALE_HEADER_DOC } }
            : {}),
        },
        ...(route.alsoStatus
          ? {
              [route.alsoStatus.status]: {
                description: route.alsoStatus.description,
                content: { 'application/json': { schema: ref(route.response) } },
                ...(route.alsoStatus.header
                  ? {
                      headers: {
                        [route.alsoStatus.header.name]: {
                          description: route.alsoStatus.header.description,
                          schema: { type: 'string', enum: ['true'] },
                        },
                      },
                    }
                  : {}),
              },
            }
          : {}),
        400: errorResponse(
          route.query === noQuery
            ? 'The query holds a parameter this path does not read (`code: "invalid-query"`, zod issues listed)'
            : route.query
              ? 'The query does not match its parameters (`code: "invalid-query"`, zod issues listed): a `limit` out of range, an `after` that is no cursor this list gave'
              : 'The body is not JSON or not UTF-8 (`code: "not-utf8"`, at which byte), or does not match the schema (zod issues listed)',
        ),
        401: errorResponse('Missing or wrong API token'),
        403: errorResponse(
          'Serve listens on loopback and the `Host` header names none of 127.0.0.1, localhost or [::1] with its port, nor an `--allowed-host` name (`code: "foreign-host"`): a web page whose name was pointed at this machine (DNS rebinding)',
        ),
        404: errorResponse(
          'Unknown interaction, agent or path; an id longer than the router takes (limits.maxIdChars) answers `code: "over-limit"` without echoing it',
        ),
        409: errorResponse(
          'The command does not fit the interaction state. A confirm or reject naming a reservation that is not the current one answers `code: "stale-reservation"` with `current`, the reservation pending now (`null`: none); an agent state with `ifState` (or `ifReason`) whose agent is in another state (or holds another reason) answers `code: "state-changed"` with `current`, its state now (and `currentReason`, with `ifReason`); a connect to an agent with no free place for the media, or a late answer time out of range, says why',
        ),
        413: errorResponse(
          "The body is over the size limit, which follows the router's limits (no submit within them is larger)",
        ),
        // a route that reads a body refuses one that says it is not JSON
        ...(route.body
          ? {
              415: errorResponse(
                'The body says it is not JSON, gives Content-Type twice, or a charset other than utf-8: send `content-type: application/json` once (`code: "unsupported-media-type"`)',
              ),
            }
          : {}),
        422: errorResponse(
          'The strategy or workspace refused the input; a submit over a router limit answers `code: "over-limit"` (or `"control-character"`) with the `field` and the `limit`, and nothing is created; a media that is no media name answers `code: "media-name"` with `field: "media"` and the rule; a `data` key `__proto__` at its top answers `code: "reserved-key"` with `field: "data"`; an unknown strategy answers `code: "unknown-strategy"` naming those loaded; a reload of a workspace that does not validate answers `code: "workspace-invalid"` with its `diagnostics`',
        ),
        // a route answered from this process's own settings never waits on Redis
        ...(route.local
          ? {}
          : {
              503: {
                ...errorResponse(
                  route.method === 'GET'
                    ? 'Redis is unreachable and this process does not hold the answer (it does not route, or the interaction ended before it took over); retry after the seconds of the `Retry-After` header'
                    : 'Redis is unreachable or routing is changing hands: nothing changed; retry after the seconds of the `Retry-After` header (while routing changes hands, the takeover time)',
                ),
                headers: RETRY_AFTER_HEADERS,
              },
            }),
      },
    }
    if (route.body)
      operation.requestBody = {
        // a body with nothing required may be left out (the server reads no body as `{}`)
        required: !route.body.safeParse({}).success,
        content: { 'application/json': { schema: ref(route.body) } },
      }
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation }
  }
  paths['/v1/events'] = {
    get: {
      operationId: 'streamEvents',
      summary:
        "Server-sent events: every router event with its version, the server's own (deploys, alarms) and agents' state changes (`agent-state`); resume with the Last-Event-ID header, or the lastEventId query where a client cannot set headers (a browser opening a new EventSource)",
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        {
          name: 'lastEventId',
          in: 'query',
          required: false,
          description: 'As the Last-Event-ID header; the header wins when both are sent',
          schema: { type: 'string' },
        },
        {
          name: 'types',
          in: 'query',
          required: false,
          description:
            'Only events of these types, comma-separated (`routed,finished`); events-missed is always sent',
          schema: { type: 'string' },
        },
        {
          name: 'interaction',
          in: 'query',
          required: false,
          description: "Only this interaction's events",
          schema: { type: 'string' },
        },
        {
          name: 'agent',
          in: 'query',
          required: false,
          description:
            'Only events naming this agent (`routed`, `reservation-rejected`, `agent-state`, an `error` about it)',
          schema: { type: 'string' },
        },
        {
          name: 'errorEvent',
          in: 'query',
          required: false,
          description:
            '`router-error`: the router\'s `error` events go out under the SSE event name `router-error` (their data unchanged, `type: "error"`), which a browser\'s EventSource does not hand to onerror; default `error`',
          schema: { type: 'string', enum: ['error', 'router-error'] },
        },
      ],
      responses: {
        200: {
          description:
            "An event stream: each frame's `event` is its type, its `data` the event's JSON (an `agent-state` event's is #/components/schemas/AgentStateEvent, a `capabilities-changed` event's #/components/schemas/CapabilitiesChangedEvent)",
          content: { 'text/event-stream': {} },
        },
        400: {
          description:
            'A query parameter the stream does not read, an unknown event type in `types`, a parameter given twice or empty, or a Last-Event-ID (or `lastEventId`) that is not digits (`code: "invalid-last-event-id"`)',
          content: { 'application/json': { schema: ref(api.errorBody) } },
        },
        503: {
          description:
            'Too many event streams open (`code: "too-many-streams"`): use webhooks, or retry after the seconds of the `Retry-After` header',
          content: { 'application/json': { schema: ref(api.errorBody) } },
          headers: RETRY_AFTER_HEADERS,
        },
      },
    },
  }
  for (const [path, summary] of [
    ['/healthz', 'The process is alive'],
    ['/metrics', 'Prometheus metrics (text exposition format)'],
  ] as const)
    paths[path] = { get: { operationId: path.slice(1), summary, responses: { 200: { description: 'OK' } } } }
  // a balancer or Kubernetes reads the 503 as much as the 200
  const readiness = { 'application/json': { schema: ref(api.readiness) } }
  paths['/readyz'] = {
    get: {
      operationId: 'readyz',
      summary: 'A strategy version is loaded and the server takes interactions',
      responses: {
        200: { description: 'Ready', content: readiness },
        503: {
          description: 'Not ready (shutting down, or Redis unreachable or full); `reason` says why',
          content: readiness,
        },
      },
    },
  }
  const schemas: Record<string, unknown> = {}
  const requestBodies = new Set(ROUTES.flatMap((route) => (route.body ? [route.body] : [])))
  for (const [name, schema] of NAMED)
    schemas[name] = jsonSchema(schema, requestBodies.has(schema) ? 'input' : 'output')
  return {
    openapi: '3.1.0',
    info: {
      title: 'Routewright routing server',
      version,
      description:
        'Submit interactions, report treatments, reservations and agent states, and read decisions. Events: GET /v1/events (SSE) or webhooks.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{}, { bearer: [] }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  }
}
