// The request bodies hosts send and the answers they get, as zod schemas: checked at the door and turned into
// the OpenAPI document, so the two never disagree.
import {
  AGENT_STATES,
  MAX_ADDRESS_CHARS,
  MEDIA_NAME_RULE,
  mediaSchema,
  PRIORITY_BOUNDS,
} from '@routewright/strategy-dsl'
import {
  type AbandonReason,
  controlAt,
  controlCharacterProblem,
  DEFAULT_LIMITS,
} from '@routewright/strategy-runtime'
import { z } from 'zod'
import { AGENT_STATE_BY, AGENT_STATE_CALLERS, REFUSAL_CODES } from '../core/types.ts'
import { CAPABILITIES } from './capabilities.ts'
import { MAX_SUPERVISOR_CHARS } from './supervisor-name.ts'

/** A refine's issue for text holding a control character, in the runtime's one wording (controlCharacterProblem). */
function noControlCharacter(subject: string): { error: (issue: { input?: unknown }) => string } {
  return {
    error: (issue) => controlCharacterProblem(subject, String(issue.input)) ?? `${subject} is refused`,
  }
}

// a submit's text fields are held to the router's limits (limits.maxIdChars...), checked after the schema: 422
const id = z
  .string()
  .min(1)
  .describe(
    'An id chosen by the host, unique among live interactions; at most limits.maxIdChars characters (default 256), no control characters',
  )
const address = z
  .string()
  .describe(`At most limits.maxAddressChars characters (default ${MAX_ADDRESS_CHARS}), no control characters`)

/** When the agent answered, if the host heard of it late: the wait and the handle time count from it. */
const answeredAt = z
  .number()
  .int()
  .nonnegative()
  .optional()
  .describe(
    "When the agent answered (ms since the epoch, the router's clock), if the host heard of it late (its link to the switch was down): the speed of answer and the handle time count from it. Never in the future; never before the reservation's routed event (confirm) or the interaction's arrival (connect): 409, nothing changed",
  )

/** The host's word that the interaction is connected to an agent already, whichever agent the router offered it to. */
export const connectBody = z
  .object({
    agent: z.string().min(1).max(200).describe('The agent the interaction is connected to'),
    at: answeredAt,
    note: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Why, in a few words: kept in the trace and in the event of an offer it withdraws'),
  })
  .strict()

export const submitBody = z
  .object({
    id,
    strategy: z
      .string()
      .min(1)
      .describe('The `strategy:` id to run; at most limits.maxIdChars characters (default 256)'),
    // the media rule is the router's check too: answered 422 `media-name` with the field, as the other field limits
    media: z
      .string()
      .optional()
      .describe(
        `Default \`voice\`; a media name (${MEDIA_NAME_RULE}), else 422 with \`code: "media-name"\` and \`field: "media"\``,
      ),
    ani: address.optional(),
    dnis: address.optional(),
    // the DSL's bounds, which a test file's and the designer's start priority take too
    priority: z
      .number()
      .finite()
      .min(PRIORITY_BOUNDS.min)
      .max(PRIORITY_BOUNDS.max)
      .optional()
      .describe('Starting priority; default 0'),
    data: z
      .record(z.string().max(200), z.unknown())
      .optional()
      .describe(
        "Attached data, checked against the strategy's inputs; at most limits.maxDataChars characters of keys and strings (default 65,536), limits.maxDataEntries keys and items (10,000), limits.maxDataDepth levels (8)",
      ),
    connectedTo: connectBody
      .optional()
      .describe(
        "The interaction arrives already connected to this agent (a call dialled straight to the agent's extension and answered there): its strategy does not run, nothing is offered to anyone else, and it is the agent's from its arrival (state `connected`; its routed event has `direct: true`, explanation rule `direct`). Offers of other interactions holding the agent's places are withdrawn and those routed again, as with connect. Refused, nothing created: 409 for an unknown agent, `answer-time` (an `at` in the future) or `no-free-place` (the agent's confirmed work fills it)",
      ),
  })
  .strict()

export const treatmentBody = z.union([
  z.object({ digits: z.string().max(200).optional() }).strict(),
  z.object({ error: z.string().min(1).max(2000) }).strict(),
])

export const agentStateBody = z
  .object({
    state: z.enum(AGENT_STATES),
    media: mediaSchema.optional().describe('The media the state applies to; every media when absent'),
    at: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "When it happened (ms since the epoch); default now. A time ahead of the server's clock counts as now (kept as given, it would refuse the agent's every later change as out of order until then)",
      ),
    reason: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Why the agent is in this state (`lunch`, `training`), shown in GET /v1/agents and kept in history; at most limits.maxIdChars characters (default 256), no control characters; not with `ready`. The router gives its own after a RONA: `no-answer` (the offer timed out) or `declined`',
      ),
    ifState: z
      .enum(AGENT_STATES)
      .optional()
      .describe(
        "Change the state only if the agent is still in this one (for `media`, else for every media it has), checked and applied at once: a host undoing its own state (the SIP bridge's `busy` for a dialled call, made `ready` at the call's end) never overwrites the agent's own change since. Otherwise 409 `code: \"state-changed\"`, `current`: the agent's state now; nothing changed",
      ),
    ifReason: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Change the state only if the agent's reason is still this one (for `media`, else for every media it has), with `ifState` or alone, checked and applied at once: a host acting on a not-ready it set with its own reason (the SIP bridge's `Signed out: logs out after this call`, turned into a logout at the call's end) never overwrites a change made since by a login through another host or a supervisor. Otherwise 409 `code: \"state-changed\"`, `current`: the agent's state now, `currentReason`: its reason now (`null`: none); nothing changed",
      ),
    by: z
      .enum(AGENT_STATE_CALLERS, {
        error: `"by" must be one of ${AGENT_STATE_CALLERS.map((v) => JSON.stringify(v)).join(', ')} (who sets the state; default "host")`,
      })
      .optional()
      .describe(
        "Who sets the state: `host` (default: the agent, through the host) or `supervisor` (forced from a real-time view, as the Monitor's agent grid does); streamed as the `agent-state` event's `by` and kept in history (`set_by`, the reason report)",
      ),
    supervisor: z
      .string()
      .min(1)
      .max(MAX_SUPERVISOR_CHARS)
      .refine((name) => controlAt(name) < 0, noControlCharacter('"supervisor"'))
      .optional()
      .describe(
        'With `by: "supervisor"`: the supervisor\'s name (at most 256 characters, no control characters), streamed on the `agent-state` event and kept in history (the reason report\'s `supervisor`)',
      ),
  })
  .strict()
  .refine((body) => body.reason === undefined || body.state !== 'ready', {
    message: 'A ready agent has no reason: send "reason" with not-ready, busy or logged-out',
    path: ['reason'],
  })
  .refine((body) => body.supervisor === undefined || body.by === 'supervisor', {
    message: '"supervisor" names who set the state only with "by": "supervisor"',
    path: ['supervisor'],
  })

export const emptyBody = z.object({}).strict()

/** A host's confirm or reject: which reservation it answers (a stale one is refused with 409, nothing changed). */
export const reservationBody = z
  .object({
    reservation: z
      .string()
      .min(1)
      .max(400)
      .optional()
      .describe(
        'The `reservation` of the routed event this answers. One no longer pending (it timed out and the interaction was reserved again) answers 409 naming the current one and changes nothing. Absent: the current reservation, whichever it is',
      ),
  })
  .strict()

/** A host's confirm: the reservation it answers, and when the agent answered if the host heard of it late. */
export const confirmBody = reservationBody.extend({ at: answeredAt }).strict()

/** A host's reject: the reservation it answers, and whether the agent declined, did not answer, or the host withdraws the offer. */
export const rejectBody = reservationBody
  .extend({
    reason: z
      .enum(['declined', 'no-answer', 'withdrawn'])
      .optional()
      .describe(
        "`declined` (default): the agent said no (busy, refused): the agent is made not ready (RONA) with reason `declined`. `no-answer`: the offer reached the agent and rang out (a phone's ring timeout): the agent is made not ready with reason `no-answer`, as after the router's own reservation timeout. `withdrawn`: the host takes the offer back for a reason that is not the agent's (the offer never reached the agent): only the reserved place is given back, the agent keeps its state, and the interaction goes back to its place in line",
      ),
    note: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Why, in a few words: kept in the reservation-rejected event and the history record'),
  })
  .strict()

const { min: MIN_PRIORITY, max: MAX_PRIORITY } = PRIORITY_BOUNDS
const SPAN = MAX_PRIORITY - MIN_PRIORITY

/** A host's priority change: the new priority, or `by` how much to raise (lower, negative) the one it has now. */
export const priorityBody = z
  .union([
    z
      .object({
        priority: z
          .number()
          .int()
          .min(MIN_PRIORITY)
          .max(MAX_PRIORITY)
          .describe('The new priority (higher is served first), in the range a strategy may write'),
      })
      .strict(),
    z
      .object({
        by: z
          .number()
          .int()
          .min(-SPAN)
          .max(SPAN)
          .describe(
            'Raise (negative: lower) the priority it has now by this much; a result out of range answers 422 `over-limit`, nothing changed',
          ),
      })
      .strict(),
  ])
  .describe('Send `priority` or `by`')

/** A host's abandon: why the interaction ended, optional (an older host sends no body). */
/** The reasons a host's abandon may give (the runtime's AbandonReason). */
const abandonReason = z.enum(['caller-hangup', 'queue-timeout', 'host'] satisfies AbandonReason[])

export const abandonBody = z
  .object({
    reason: abandonReason
      .optional()
      .describe(
        "`caller-hangup`: the caller hung up (a SIP CANCEL). `queue-timeout`: the caller waited the host's own queue time (Kamailio's 408). `host`: the host gave it up for a reason of its own. Absent: no reason given. Kept in the trace's finish entry, the `finished` event (`abandonReason`) and the history record",
      ),
    note: z.string().min(1).max(200).optional().describe('Why, in a few words: kept beside the reason'),
  })
  .strict()

/** The longest `to` a transferred complete takes: a host cuts or leaves out a longer one, never losing the complete. */
export const MAX_TRANSFER_TO_CHARS = 200

/** A host's complete: a plain end of the handling, or a blind transfer away (the history counts it in `transfers`). */
export const completeBody = z
  .object({
    transferred: z
      .boolean()
      .optional()
      .describe(
        "`true`: the handling ended by a transfer (a blind transfer, the agent left the call): recorded as the handling's end by `transferred`, counted in the reports' `transfers` (and in answered and AHT as any handling). Absent or `false`: a plain complete",
      ),
    to: z
      .string()
      .min(1)
      .max(MAX_TRANSFER_TO_CHARS)
      .refine((to) => controlAt(to) < 0, noControlCharacter('"to"'))
      .optional()
      .describe(
        `Where it was transferred (a number, an agent), with \`transferred: true\` only; at most ${MAX_TRANSFER_TO_CHARS} characters, no control characters; kept in history (the handling's \`transferred_to\`)`,
      ),
    disposition: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The wrap-up code the agent picked after the call (`resolved`, `callback-needed`, `sale`): shown as the interaction's `disposition`, kept in history (the handling's `disposition`, `routewright report --by disposition`). At most 64 characters, an id's characters (no control, format or bidi character): else 422 `over-limit` or `control-character` with `field: \"disposition\"`, nothing changed",
      ),
  })
  .strict()
  .refine((body) => body.to === undefined || body.transferred === true, {
    message: 'A "to" names where a transfer went: send it with "transferred": true',
    path: ['to'],
  })

/** GET /readyz: whether this process takes interactions (200), or why not (503). */
export const readiness = z.object({
  ready: z.boolean(),
  version: z.string().optional().describe('The strategy version new interactions start on'),
  reason: z
    .string()
    .optional()
    .describe('Why not ready: shutting down, no version loaded, Redis unreachable or full'),
  workspace: z
    .string()
    .optional()
    .describe("With Redis: this process's own workspace version, when the cluster routes on another"),
  warning: z.string().optional().describe('With `workspace`: what differs and what to do'),
  workspaceRefused: z
    .object({
      since: z.string().describe('When the files on disk were first refused (ISO 8601)'),
      errors: z.number().int(),
      first: z.string().optional().describe('The first error, `file:line:col CODE message`'),
      note: z.string(),
    })
    .optional()
    .describe(
      'The workspace on disk does not validate (a reload was refused): the process still routes on the version it loaded, and is ready; a restart would refuse to start',
    ),
})

export const errorBody = z.object({
  error: z.string(),
  code: z
    .enum([
      'stale-reservation',
      'state-changed',
      'answer-time',
      'no-free-place',
      'over-limit',
      'control-character',
      'wrong-type',
      'media-name',
      'reserved-key',
      'unknown-strategy',
      'workspace-invalid',
      'wrong-input',
      ...REFUSAL_CODES,
      'run-finished',
      'no-treatment',
      'no-reservation',
      'not-connected',
      'invalid-json',
      'not-utf8',
      'invalid-body',
      'unsupported-media-type',
      'body-too-large',
      'unreadable-body',
      'unauthorized',
      'foreign-host',
      'no-such-path',
      'bad-path',
      'method-not-allowed',
      'too-many-streams',
      'unknown-query-parameter',
      'unknown-event-type',
      'invalid-last-event-id',
      'invalid-query',
      'unavailable',
      'internal',
    ])
    .optional()
    .describe(
      'What went wrong, as data. `stale-reservation` (409 on confirm or reject): the `reservation` named is not the one pending; nothing changed, and `current` is the one pending now. `state-changed` (409 on an agent state with `ifState` or `ifReason`): the agent is no longer in `ifState`, or its reason is no longer `ifReason`; nothing changed, and `current` is its state now (`currentReason` its reason, with `ifReason`). `answer-time` (409 on confirm or connect): the late answer time `at` is in the future or too early; send it again without `at`. `no-free-place` (409 on connect): the interactions the agent handles leave it no free place for the media (pending offers of other interactions never do: they are withdrawn to make room); nothing changed: complete one of them first, or connect the interaction to another agent. `over-limit` (422 on priority): the priority `by` gives is out of range; nothing changed. `over-limit`, `control-character` (422 on submit, and on the `reason` of an agent state): a field (`field`) is over a router limit (`limit`: `maxIdChars`, `maxAddressChars`, `maxDataChars`, `maxDataEntries`, `maxDataDepth`) or holds a control character (an `id` a format character too, a bidi control or a zero-width one, or an unpaired surrogate); nothing was created. `media-name` (422 on submit, `field: "media"`): the `media` is no media name of the DSL (the text says what one looks like, as the router does); nothing was created or recorded. `reserved-key` (422 on submit, `field: "data"`): `data` has a top-level key `__proto__` (no strategy input can be named so, and it would be lost): rename it; nested inside a value it is kept as sent; nothing was created or recorded. `unknown-strategy` (422 on submit): the `strategy` is not in the current version; the text lists those that are and the closest, and, while an older version still finishing its interactions has it, that it is gone since that version (its file removed); nothing was created or recorded. `wrong-input` (422 on a submit with `connectedTo`): its `data` does not match the inputs of the strategy (a required one missing, a wrong type); nothing was created (a submit without `connectedTo` answers 422 with no code: its run failed). `unknown-interaction`, `unknown-agent` (404): no interaction or agent (of the current directory) has the id in the path. `duplicate-id` (409 on submit): an interaction with this id is open or ended (its view still kept) and was submitted with another request: the text says which field differs (a submit retried with the same request is answered 200 with the interaction, `replayed: true`, never routed twice); an interaction whose view an older server wrote (no fingerprint of its request kept) refuses every submit of its id, and the text says so. `already-ended` (409): the interaction ended; the command changed nothing. `connected` (409): the interaction, taken over connected to its agent, takes only complete. `no-media` (409 on an agent state): the agent has no capacity for that `media`. `out-of-order` (409 on an agent state): its `at` is older than the last state of the agent; ignored. `no-version` (409): no strategy version is deployed yet. `run-finished` (409 on treatment-done, confirm, connect, reject, priority or abandon): the strategy run of the interaction already finished (routed: it is with its agent, only complete applies); nothing changed. `no-treatment` (409 on treatment-done): no treatment is awaited; nothing changed. `no-reservation` (409 on confirm or reject without a `reservation`): none is pending; nothing changed. `not-connected` (409 on complete): no agent has the interaction (it is still routing, waiting, or its offer is not confirmed): confirm the reservation first, or abandon it; nothing changed. `workspace-invalid` (422 on POST /v1/reload): the workspace does not validate; `diagnostics` lists each problem (code, file, range, message) and the running version stays. `invalid-json` (400): the body is not JSON. `not-utf8` (400): the body is not UTF-8 (the text says at which byte); serve decodes no other encoding, so ids are never changed into others. `invalid-body` (400): it does not match the schema; `issues` lists where. `unsupported-media-type` (415): send `content-type: application/json`, once (a second Content-Type is refused, not guessed between), with no charset or `charset=utf-8`. `body-too-large` (413): over the body limit of the server. `unreadable-body` (400): the connection failed while the body was read. `unauthorized` (401): send `Authorization: Bearer <token>`. `foreign-host` (403, serve on a loopback address): the `Host` header names none of 127.0.0.1, localhost, [::1] (with the port) or the names of `--allowed-host` (a web page whose name was pointed at this machine, DNS rebinding). `no-such-path` (404) and `bad-path` (400): the path is none of this document. `method-not-allowed` (405): the `allow` header lists the methods. `too-many-streams` (503 on /v1/events): retry after the seconds of the `Retry-After` header. `unknown-query-parameter` (400 on /v1/events): a query parameter it does not read (`known` lists those it does). `unknown-event-type` (400 on /v1/events): `types` names an event type the stream never carries (`known` lists them). `invalid-last-event-id` (400 on /v1/events): the Last-Event-ID header (or `lastEventId` query) is no event id (not digits: `-1`, `1e400`); send the `id` of the last event read, or none. `invalid-query` (400 on /v1/events): a parameter given twice or empty, or an `errorEvent` other than `error` or `router-error`; (400 on /v1/waiting, /v1/agents, /v1/monitor and /v1/alarms): a `limit` out of range, an `after` the list did not give, a parameter given twice or not read there; `issues` lists where. `unavailable` (503): Redis is unreachable or routing is changing hands; retry after the seconds of the `Retry-After` header (while routing changes hands, the takeover time; while Redis is away, its next reconnect attempt). `internal` (500): a fault of the server, logged',
    ),
  current: z
    .string()
    .nullable()
    .optional()
    .describe(
      "With `stale-reservation`: the reservation pending now (answer that one, if it is this agent's), `null` when none is pending. With `state-changed`: the agent's state now (for the media that differed)",
    ),
  currentReason: z
    .string()
    .nullable()
    .optional()
    .describe(
      "With `state-changed` on an agent state with `ifReason`: the agent's reason now (for the media that differs), `null` when it has none",
    ),
  field: z
    .string()
    .optional()
    .describe(
      'With `over-limit`, `control-character`, `media-name`, `reserved-key`: the submit field refused (on complete: `disposition`)',
    ),
  limit: z.string().optional().describe('With `over-limit`: the router limit crossed (RouterLimits)'),
  fix: z
    .object({ written: z.string(), meant: z.string() })
    .optional()
    .describe(
      "With `unknown-strategy`, when a strategy of the current version is close: the name written and the one meant (the DSL's diagnostic fix)",
    ),
  issues: z
    .array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])),
        code: z
          .string()
          .describe("zod's issue code (`invalid_type`, `invalid_value`, `unrecognized_keys` ...)"),
        message: z.string(),
      }),
    )
    .optional()
    .describe('With `invalid-body`: where the body differs from the schema'),
  known: z
    .array(z.string())
    .optional()
    .describe(
      'With `unknown-query-parameter`: the query parameters /v1/events reads; with `unknown-event-type`: the event types',
    ),
  diagnostics: z.array(z.unknown()).optional(),
})

const explanation = z.object({
  node: z.string(),
  rule: z.string(),
  winner: z.string().optional(),
  reason: z.string(),
  candidates: z.array(
    z.object({
      agent: z.string(),
      target: z.string(),
      values: z.record(z.string(), z.number()),
      excluded: z.string().optional(),
      rank: z.number().optional(),
    }),
  ),
})

/** On a read answered while Redis is unreachable: what this process held, as of `since` (epoch ms). */
const PAGE_NEXT =
  'The cursor of the next page: send it back as `after` (with the same filters); absent on the last page'

export const staleMark = z
  .object({ reason: z.literal('redis-unreachable'), since: z.number() })
  .describe(
    'Set while Redis is unreachable: the routing process answers from what it holds (header `Routewright-Stale: redis-unreachable`), unchanged in Redis since `since`',
  )

export const interactionView = z.object({
  id: z.string(),
  strategy: z.string(),
  media: z.string(),
  version: z.string().describe('The strategy version (content hash) it runs on to the end'),
  state: z.enum(['routing', 'queued', 'reserved', 'connected', 'completed', 'finished', 'failed']),
  submittedAt: z.number(),
  updatedAt: z.number(),
  agent: z.string().optional(),
  target: z.string().optional(),
  reservation: z.string().optional(),
  outcome: z.string().optional(),
  destination: z.string().optional(),
  reason: z.string().optional(),
  abandonReason: abandonReason
    .optional()
    .describe("Abandoned: why, as the host's abandon said; absent when it gave none"),
  abandonNote: z.string().optional().describe("Abandoned: the host's note beside its reason"),
  disposition: z
    .string()
    .optional()
    .describe(
      "Completed: the wrap-up code the host's complete gave (`resolved`, `sale`); absent when it gave none",
    ),
  data: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The data the strategy attached, as the host heard it last (its latest `data-attached` event)'),
  submitted: z
    .object({
      media: z.string().optional(),
      ani: z.string().optional(),
      dnis: z.string().optional(),
      priority: z.number().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .optional()
    .describe(
      "The submit's fields a strategy reads, as the host gave them (a field it left out is absent: its default applied); absent when it gave none, and on an interaction an older serve recorded. `routewright run --replay` rebuilds the decision's inputs from it",
    ),
  path: z.array(z.string()),
  explanation: explanation.optional(),
  trace: z.array(z.record(z.string(), z.unknown())),
  stale: staleMark.optional(),
})

export const waitingList = z.object({
  waiting: z.array(
    z.object({
      interaction: z.string(),
      version: z.string(),
      node: z.string(),
      priority: z.number(),
      since: z.number(),
      targets: z.array(z.string()),
    }),
  ),
  next: z.string().optional().describe(PAGE_NEXT),
  stale: staleMark.optional(),
})

// every RouterLimits name, from the defaults, so a limit added to the router is shown here too
export const limitsView = z
  .object(
    Object.fromEntries(
      Object.entries(DEFAULT_LIMITS).map(([name, value]) => [
        name,
        typeof value === 'boolean' ? z.boolean() : z.number(),
      ]),
    ),
  )
  .describe(
    "The router's limits this server applies (RouterLimits: the defaults under serve's --limits): a host fits what it submits to them, e.g. an ANI cut to `maxAddressChars`",
  )

// strings, not an enum: a client generated from this document keeps reading a newer serve that lists more
export const capabilitiesView = z
  .object({
    capabilities: z.array(z.string()).describe(
      `The names of the optional request features this serve takes (on Redis, those the routing process applies only while it takes them too); a name not listed is not taken (an older serve). ${Object.entries(
        CAPABILITIES,
      )
        .map(([name, what]) => `\`${name}\`: ${what}`)
        .join('. ')}`,
    ),
  })
  .describe(
    "The optional request features this process takes (GET /v1/capabilities): a host chooses a request by them, not by a refusal's text",
  )

/** The data of a `capabilities-changed` event on GET /v1/events (core/types.ts CapabilitiesChangedEvent). */
export const capabilitiesChangedEvent = z
  .object({
    type: z.literal('capabilities-changed'),
    capabilities: z.array(z.string()).describe('What GET /v1/capabilities answers now'),
    at: z.number().describe('When this process saw it change (ms since the epoch)'),
  })
  .strict()
  .describe(
    "This process's answer to GET /v1/capabilities changed (on Redis: the routing lease moved to a process with another list): a host that keeps the list reads it again at its next need. This process's stream only",
  )

export const versionList = z.object({
  versions: z.array(
    z.object({
      version: z.string(),
      status: z.enum(['current', 'draining']),
      strategies: z.array(z.string()),
      directory: z.string(),
      deployedAt: z.number(),
      open: z.number(),
    }),
  ),
  stale: staleMark.optional(),
})

/** An agent as GET /v1/agents lists it (the monitor's grid rows add its groups and column). */
export const agentView = z.object({
  id: z.string(),
  state: z.string(),
  load: z.record(z.string(), z.number()),
  reserved: z.number(),
  reason: z
    .string()
    .optional()
    .describe(
      "Why the agent is in `state`: the host's reason, or the router's `no-answer` / `declined` after a RONA",
    ),
  media: z
    .record(z.string(), z.string())
    .optional()
    .describe('States set for one media only, by media; `state` is the one for every other media'),
  mediaReasons: z
    .record(z.string(), z.string())
    .optional()
    .describe('The reasons of states set for one media only, by media (those given one)'),
})

export const agentList = z.object({
  agents: z.array(agentView),
  next: z.string().optional().describe(PAGE_NEXT),
  partial: z
    .literal(true)
    .optional()
    .describe(
      'With `q` and `next`: the routing process (an older build, without `agents-search`) did not search, so this page holds the matches among one page of all agents; more may be on the pages after',
    ),
  stale: staleMark.optional(),
})

/** The data of an `agent-state` event on GET /v1/events (core/types.ts AgentStateEvent). */
export const agentStateEvent = z
  .object({
    type: z.literal('agent-state'),
    agent: z.string(),
    media: z.string().optional().describe('The media whose state changed; every media when absent'),
    state: z.enum(AGENT_STATES),
    reason: z
      .string()
      .optional()
      .describe(
        "Why (the host's reason, or the router's `no-answer` / `declined`); absent when none was given",
      ),
    by: z
      .enum(AGENT_STATE_BY)
      .describe(
        '`host`: PUT /v1/agents/{id}/state or a batch `agent-state` (through any process); `supervisor`: the same with `by: "supervisor"` (the Monitor\'s agent grid); `router`: a reject (`declined` or `no-answer`) made the agent not ready; `timeout`: a reservation ran out unanswered (RONA) and made it not ready',
      ),
    supervisor: z
      .string()
      .optional()
      .describe('With `by: "supervisor"`: the supervisor\'s name, when the call gave one'),
    at: z.number().describe('When it changed (ms since the epoch)'),
  })
  .strict()
  .describe(
    "An agent's state changed (for one media, or every media): once per real change, on every process's stream; a PUT that repeats the state sends none",
  )

export const reloadResult = z.object({
  applied: z.boolean(),
  version: z.string(),
  unchanged: z.boolean().optional(),
  diagnostics: z.array(z.unknown()).optional(),
  skippedLinks: z
    .array(z.string())
    .optional()
    .describe('Symbolic links named like a strategy or leading to a folder, not followed: copy the files in'),
  skipped: z
    .array(z.unknown())
    .optional()
    .describe(
      'RW091 warnings: entries named like a document that are not regular files (a FIFO, a folder), not read; at most 20',
    ),
  skippedTotal: z
    .number()
    .int()
    .optional()
    .describe('How many RW091 entries there were: skipped lists at most 20'),
})

export const accepted = z.object({ ok: z.literal(true) })

/** The answer to a submit: the interaction as it stands, without its trace (GET /v1/interactions/{id} has it). */
export const submittedView = interactionView.omit({ trace: true, stale: true, submitted: true }).extend({
  replayed: z
    .literal(true)
    .optional()
    .describe(
      'Present (with status 200 and the header `Idempotent-Replayed: true`) when this id had been submitted before with the same request (strategy, media, ani, dnis, priority, data, connectedTo, defaults filled in): the answer is the interaction as it is now (its state, its target if routed); nothing ran again and nothing new was recorded',
    ),
})

/** The most commands one POST /v1/commands takes: a larger batch is refused whole, nothing run. */
export const MAX_BATCH_COMMANDS = 1000

/** A batch of commands: each is checked and answered on its own, so only the envelope is checked here. */
export const batchBody = z
  .object({
    commands: z
      .array(
        z
          .looseObject({
            op: z
              .string()
              .describe(
                'Which command: submit, treatment-done, confirm, connect, reject, priority, abandon, complete or agent-state',
              ),
            id: z
              .string()
              .optional()
              .describe(
                "The path's id of the single endpoint (the interaction, or the agent of agent-state); a submit's own id",
              ),
          })
          .describe(
            "`op`, `id`, then the fields of the single endpoint's body (SubmitInteraction, ConfirmAnswer, AgentState...), checked as that endpoint checks them",
          ),
      )
      .min(1, 'Send at least one command')
      .max(
        MAX_BATCH_COMMANDS,
        `A batch takes at most ${MAX_BATCH_COMMANDS} commands: send the rest in another request`,
      ),
  })
  .strict()

/** Each command's answer, in the order sent: the status and body its single endpoint would have answered. */
export const batchResult = z.object({
  results: z.array(z.object({ status: z.number().int(), body: z.unknown() })),
})
