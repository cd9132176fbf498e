// The answers of `GET /v1/monitor` and `GET /v1/alarms` (contract K2), as zod schemas for the OpenAPI document.
import { z } from 'zod'
import { ALARM_FIGURES } from '../alarms/alarm-schema.ts'
import { ALARM_CLEAR_REASONS } from '../core/types.ts'
import { agentView, staleMark } from './schemas.ts'

export const alarmView = z.object({
  id: z.string(),
  rule: z.string(),
  subject: z.string(),
  severity: z.enum(['warning', 'critical']),
  message: z.string(),
  figure: z.enum(ALARM_FIGURES),
  value: z.number().nullable(),
  threshold: z.number(),
  raisedAt: z.number(),
  clearedAt: z.number().optional(),
  clearReason: z.enum(ALARM_CLEAR_REASONS).optional(),
})

export const alarmList = z.object({
  active: z.array(alarmView),
  recent: z.array(alarmView),
  stale: staleMark.optional(),
})

const count = z.number().int().min(0)

/** A queue's or group's entered and overflow out over the window (history docs/figures.md). */
const enteredFields = {
  entered: count.describe(
    'Interactions that entered the queue (group) in the window: those that ended there, those that left it for a later queue, and those still open in it (waiting or ringing at an agent; counted at entry)',
  ),
  overflowOut: count.describe('Of the entered, those that left it for a later queue and did not end there'),
}

export const monitorView = z.object({
  at: z.number(),
  windowSeconds: z.number(),
  windowFrom: z
    .number()
    .optional()
    .describe(
      'Only while the figures count the arrivals since this time (ms), not the whole window: a reload changed T or S less than a window ago, or serve started less than a window ago and had no history store to read the window back from (or its read stopped short). Window alarm rules of windows up to 1 h hold until their window has passed since then; longer ones evaluate on what the figures have',
    ),
  windowFromCause: z
    .enum(['thresholds-changed', 'started', 'read-cut'])
    .optional()
    .describe(
      "With windowFrom, why the figures count only since then: `thresholds-changed` (a reload changed T or S at windowFrom), `started` (serve started at windowFrom and did not read the window back: no history store, or its read failed or read nothing in its budget), `read-cut` (serve started and read the window back from the store only from windowFrom: the read's budget ran out). A client shows a code it does not know generically: more may come",
    ),
  serviceLevelSeconds: z.number(),
  shortAbandonSeconds: z
    .number()
    .describe("S of shortAbandoned (alarms.yaml's monitor.shortAbandon; default 5)"),
  queues: z.array(
    z.object({
      id: z.string(),
      waiting: count,
      oldestWaitingSeconds: z.number(),
      offered: count.describe(
        "Interactions offered to the queue in the window, counted when they enter it (as an ACD's live view does): those that ended (answered, abandoned, other) and those still open in it, waiting or ringing at an agent, once per queue they wait in; offered - answered - abandoned = those still open",
      ),
      answered: count,
      abandoned: count,
      abandonedCallerHangup: count.describe('Abandoned with the reason `caller-hangup`'),
      abandonedQueueTimeout: count.describe('Abandoned with the reason `queue-timeout`'),
      abandonedHost: count.describe('Abandoned with the reason `host`'),
      abandonedNoReason: count.describe('Abandoned without a reason (an older host)'),
      shortAbandoned: count.describe(
        'Abandoned in the queue with a wait of at most shortAbandonSeconds (short abandons), whatever the reason',
      ),
      serviceLevel: z.number().nullable(),
      asa: z.number().nullable(),
      ...enteredFields,
    }),
  ),
  groups: z.array(
    z.object({
      id: z.string(),
      agents: z.object({
        ready: count,
        busy: count,
        reserved: count,
        notReady: count,
        afterCallWork: count,
        loggedOut: count,
      }),
      waiting: count,
      ...enteredFields,
    }),
  ),
  agents: z.array(
    agentView.extend({
      groups: z.array(z.string()),
      /** The group rows' column the agent counts in. */
      bucket: z.enum(['ready', 'busy', 'reserved', 'notReady', 'afterCallWork', 'loggedOut']),
    }),
  ),
  nodes: z.record(z.string(), count),
  liveNodes: z.record(z.string(), count),
  /** The seq of the last `monitor-live` stream event sent before this answer was read. */
  liveSeq: count,
  waitingTotal: count.describe(
    "Interactions waiting, each once: one waiting for several targets counts in each of their queue rows' `waiting`, once here",
  ),
  alarms: z.array(alarmView),
  workspaceDrift: z
    .object({ current: z.string(), workspace: z.string(), warning: z.string() })
    .optional()
    .describe(
      "Several processes on one Redis: this process's workspace is not the version new interactions start on (`workspace-drift` stream events tell each change)",
    ),
  stale: staleMark.optional(),
})

/** The `monitor-live` stream event: what moved since the last one (live node entries, waits per target, entered). */
export const monitorLiveEvent = z.object({
  type: z.literal('monitor-live'),
  at: z.number(),
  seq: count,
  liveNodes: z.record(z.string(), count),
  waiting: z
    .array(z.object({ id: z.string(), waiting: count, oldestWaitingSeconds: z.number() }))
    .optional()
    .describe(
      'Absent when this process could not read the waits (it does not route and Redis is unreachable): the last ones stand',
    ),
  waitingTotal: count
    .optional()
    .describe(
      'Interactions waiting, each once (one waiting for several targets is in each of their `waiting` rows); sent with `waiting`',
    ),
  entered: z
    .object({
      queues: z.array(z.object({ id: z.string(), ...enteredFields })),
      groups: z.array(z.object({ id: z.string(), ...enteredFields })),
    })
    .optional()
    .describe(
      "Entered and overflow out over the monitor's window as of `at`, per queue and per group (ids as in GET /v1/monitor), every one with any (one not listed has 0); absent when not read: the last ones stand",
    ),
  stale: staleMark
    .optional()
    .describe(
      'Set while Redis is unreachable (an event is sent when it starts); the first event without it says the figures are fresh again',
    ),
})
