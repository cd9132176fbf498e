// pure: the alarms file (`alarms.yaml` beside the strategies) as a zod schema: monitor settings and threshold rules.
import { parseDuration } from '@routewright/strategy-dsl'
import { z } from 'zod'
import { DEFAULT_MONITOR } from '../monitor/monitor-settings.ts'

export const ALARM_FIGURES = [
  'service-level',
  'asa',
  'abandon-rate',
  'overflow-rate',
  'oldest-waiting',
  'waiting',
  'provider-stale',
] as const
export type AlarmFigure = (typeof ALARM_FIGURES)[number]

/** Figures about a queue (a target such as `group:support`); the others are about a statistics provider. */
export const QUEUE_FIGURES: ReadonlySet<AlarmFigure> = new Set([
  'service-level',
  'asa',
  'abandon-rate',
  'overflow-rate',
  'oldest-waiting',
  'waiting',
])

/** Figures measured over a window of arrivals (the others are what is true now). */
export const WINDOW_FIGURES: ReadonlySet<AlarmFigure> = new Set([
  'service-level',
  'asa',
  'abandon-rate',
  'overflow-rate',
])

/** Ratios from 0 to 1. */
const RATIO_FIGURES: ReadonlySet<AlarmFigure> = new Set(['service-level', 'abandon-rate', 'overflow-rate'])

/** An overflow rate needs this many entered in its window unless the rule says otherwise: 1 out of 1 pages nobody. */
export const DEFAULT_MIN_ENTERED = 10

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value)
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a duration: write 90s, 15m, 1h30m or a number of seconds`,
    })
    return z.NEVER
  }
  return ms
})
/** The longest window: the monitor's coarsest buckets (bucket-sums.ts) span ~37 h, past it. */
export const MAX_WINDOW_MS = 24 * 3_600_000
const window = duration.refine((ms) => ms > 0 && ms <= MAX_WINDOW_MS, {
  message:
    'a window is more than 0 and at most 24h (the live monitor): for longer ranges run routewright report',
})
/** Rules at most: all are evaluated every `evaluateEvery` on serve's event loop. */
export const MAX_RULES = 1000
/**
 * Different windows at most: the monitor keeps 16 sliding sums between reads (bucket-sums.ts), and a window past
 * them is summed again from its buckets at each evaluation.
 */
export const MAX_WINDOWS = 8
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an id: a letter, then letters, digits, _ or -')

const ruleSchema = z
  .object({
    figure: z
      .enum(ALARM_FIGURES)
      .describe(
        'What is measured: service-level, asa, abandon-rate, overflow-rate, oldest-waiting, waiting (about a queue) or provider-stale (about a statistics provider).',
      ),
    queue: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'A queue as the monitor names it (`group:support`, `queue:sales`, `skill:skills.english >= 5`, a skill target as its expression is written), or `*` for every one.',
      ),
    provider: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("A statistics provider's name (provider-stale), or `*` for every one."),
    above: z
      .number()
      .finite()
      .optional()
      .describe('Raised when the figure goes above this value (give exactly one of above and below).'),
    below: z
      .number()
      .finite()
      .optional()
      .describe('Raised when the figure goes below this value (give exactly one of above and below).'),
    clear: z
      .number()
      .finite()
      .optional()
      .describe('Where it clears (hysteresis); default: back on the right side of the threshold.'),
    for: duration
      .optional()
      .describe(
        'How long the threshold must be crossed before the alarm is raised; default 0 (next evaluation).',
      ),
    clearAfter: duration
      .optional()
      .describe(
        'How long the figure must have recovered, or its subject been gone, before the alarm clears; default: `for`.',
      ),
    window: window
      .optional()
      .describe("The window of service-level, asa, abandon-rate and overflow-rate; default the monitor's."),
    minOffered: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Ratios (service-level, abandon-rate, asa) need this many interactions in the window to count. Default 1.',
      ),
    minEntered: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        `overflow-rate (overflow out / entered) needs this many interactions entered in the window to count. Default ${DEFAULT_MIN_ENTERED}.`,
      ),
    severity: z
      .enum(['warning', 'critical'])
      .default('warning')
      .describe('How the alarm is shown and sent; default warning.'),
    message: z.string().max(500).optional().describe('Shown and sent instead of the generated message.'),
    per: z
      .enum(['subject', 'rule'])
      .optional()
      .describe(
        'With `"*"`: `subject` (default) raises one alarm per queue or provider; `rule` raises one for the rule (subject `*`), on the worst one\'s figure, so a call waiting in six queues pages once.',
      ),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.per === 'rule' && rule.queue !== '*' && rule.provider !== '*')
      ctx.addIssue({
        code: 'custom',
        message:
          '"per: rule" folds the subjects of a "*" rule into one alarm: write queue: "*" (or provider: "*")',
        path: ['per'],
      })
    if ((rule.above === undefined) === (rule.below === undefined))
      ctx.addIssue({ code: 'custom', message: 'give exactly one of "above" or "below"', path: [] })
    const queueFigure = QUEUE_FIGURES.has(rule.figure)
    if (queueFigure && rule.queue === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${rule.figure}" is about a queue: add queue: group:<id> (or "*" for every queue)`,
        path: [],
      })
    if (queueFigure && rule.provider !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${rule.figure}" takes "queue", not "provider"`,
        path: ['provider'],
      })
    if (!queueFigure && rule.provider === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${rule.figure}" is about a statistics provider: add provider: <name> (or "*")`,
        path: [],
      })
    if (!queueFigure && rule.queue !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${rule.figure}" takes "provider", not "queue"`,
        path: ['queue'],
      })
    if (rule.clear !== undefined && rule.above !== undefined && rule.clear > rule.above)
      ctx.addIssue({ code: 'custom', message: '"clear" must not be above "above"', path: ['clear'] })
    if (rule.clear !== undefined && rule.below !== undefined && rule.clear < rule.below)
      ctx.addIssue({ code: 'custom', message: '"clear" must not be below "below"', path: ['clear'] })
    if (rule.minEntered !== undefined && rule.figure !== 'overflow-rate')
      ctx.addIssue({
        code: 'custom',
        message: `"minEntered" is for overflow-rate; "${rule.figure}" counts offered interactions: write minOffered`,
        path: ['minEntered'],
      })
    if (rule.minOffered !== undefined && rule.figure === 'overflow-rate')
      ctx.addIssue({
        code: 'custom',
        message: '"overflow-rate" counts the interactions that entered the queue: write minEntered',
        path: ['minOffered'],
      })
    if (
      RATIO_FIGURES.has(rule.figure) &&
      [rule.above, rule.below, rule.clear].some((v) => v !== undefined && (v < 0 || v > 1))
    )
      ctx.addIssue({
        code: 'custom',
        message: `"${rule.figure}" is a ratio from 0 to 1 (0.8 is 80%)`,
        path: [rule.above !== undefined ? 'above' : 'below'],
      })
  })

export const alarmsDocumentSchema = z
  .object({
    alarms: id.describe('The name of this alarms file (a letter, then letters, digits, _ or -).'),
    format: z.literal(1).describe('The file format version: 1.'),
    monitor: z
      .object({
        window: window.optional().describe("The rolling window of the monitor's queue figures; default 15m."),
        serviceLevelThreshold: duration.optional().describe('Service level threshold T; default 20s.'),
        shortAbandon: duration
          .optional()
          .describe(
            "S of the short abandons (abandoned in a queue with a wait of at most S), as the report's --short-abandon; default 5s.",
          ),
      })
      .strict()
      .optional(),
    evaluateEvery: duration.optional().describe('How often rules are evaluated; default 5s.'),
    rules: z
      .record(id, ruleSchema)
      .default({})
      .describe(
        'Threshold rules by id: each is raised once when its figure crosses, and cleared when it recovers.',
      ),
  })
  .strict()
  .superRefine((document, ctx) => {
    const ids = Object.keys(document.rules)
    if (ids.length > MAX_RULES)
      ctx.addIssue({
        code: 'custom',
        message: `${ids.length} rules is more than ${MAX_RULES}: every one is evaluated every evaluateEvery; use queue: "*" for a rule over every queue`,
        path: ['rules'],
      })
    // durations, not spellings: a rule without `window` sums the monitor's; a figure of now sums none
    const monitorWindow = document.monitor?.window ?? DEFAULT_MONITOR.windowMs
    const windows = new Set(
      Object.values(document.rules)
        .filter((rule) => WINDOW_FIGURES.has(rule.figure))
        .map((rule) => rule.window ?? monitorWindow),
    )
    if (windows.size > MAX_WINDOWS)
      ctx.addIssue({
        code: 'custom',
        message: `${windows.size} different windows is more than ${MAX_WINDOWS}: each is summed apart at every evaluation; give rules the same few windows`,
        path: ['rules'],
      })
  })

export type AlarmsDocument = z.output<typeof alarmsDocumentSchema>
export type AlarmRule = AlarmsDocument['rules'][string]
