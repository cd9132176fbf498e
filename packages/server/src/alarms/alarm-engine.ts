// Alarms (Message Server's role): each rule's figure per subject, evaluated on the server's clock; an alarm is raised
// once the threshold has been crossed for `for`, and cleared once the figure has recovered (past `clear`) for
// `clearAfter`. A subject no longer reported is "no data": it clears after `clearAfter` too, so one that flaps keeps
// one alarm. A window rule holds while its window is partial (a reload changed T or S). Raise and clear go to the
// callbacks (log, event stream, webhooks); nothing is raised twice.
import { codeUnitOrder, formatDuration } from '@routewright/strategy-dsl'
import type { AlarmClearReason, AlarmView } from '../core/types.ts'
import type { HistoryKit } from '../history/history-kit.ts'
import type { RecordWindow } from '../monitor/record-window.ts'
import { formatAlarmFigure } from './alarm-figure-format.ts'
import {
  type AlarmFigure,
  type AlarmRule,
  type AlarmsDocument,
  DEFAULT_MIN_ENTERED,
  WINDOW_FIGURES,
} from './alarm-schema.ts'
import { type EvaluationInputs, evaluationInputs } from './evaluation-inputs.ts'

/** What the engine reads: the record window and, per queue, what waits now. */
export interface AlarmInputs {
  now: number
  window: RecordWindow
  waiting: ReadonlyMap<string, { count: number; since: number }>
  monitorWindowMs: number
  serviceLevelSeconds: number
  /** The monitor's S: no alarm reads short abandons, but the same S shares the monitor's sliding window. */
  shortAbandonSeconds: number
}

interface Tracked {
  breachSince?: number | undefined
  okSince?: number | undefined
  active?: AlarmView | undefined
  /** The active alarm's last measured figure: a clear on a missing one (no value, subject gone) carries it, not null. */
  lastValue?: number | undefined
  /** The evaluation that last reported the subject: an older one means it is gone. */
  seenIn: number
}

const LABELS: Record<AlarmFigure, string> = {
  'service-level': 'Service level',
  asa: 'ASA',
  'abandon-rate': 'Abandon rate',
  'overflow-rate': 'Overflow rate',
  'oldest-waiting': 'Oldest waiting',
  waiting: 'Waiting',
  'provider-stale': 'Statistics staleness',
}

const RECENT = 100

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

function clearAfterOf(rule: AlarmRule): number {
  return rule.clearAfter ?? rule.for ?? 0
}

/** Rules are flat records of primitives: equal when every field is, in whatever order they were written. */
function sameRule(a: AlarmRule | undefined, b: AlarmRule | undefined): boolean {
  if (!a || !b) return a === b
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((k) => a[k as keyof AlarmRule] === b[k as keyof AlarmRule])
}

export function createAlarmEngine(
  kit: Pick<HistoryKit, 'emptySums' | 'figuresOf'>,
  callbacks: {
    raised(alarm: AlarmView): void
    cleared(alarm: AlarmView): void
  },
) {
  let rules: AlarmsDocument['rules'] = {}
  // per rule, per subject; only subjects with something to remember (a breach counting, an alarm), so a rule on
  // "*" over hundreds of quiet queues keeps nothing and builds no key per queue
  const tracked = new Map<string, Map<string, Tracked>>()
  let evaluation = 0
  const recent: AlarmView[] = []

  const clear = (state: Tracked, at: number, clearReason: AlarmClearReason) => {
    const alarm = state.active
    if (!alarm) return
    state.active = undefined
    const done: AlarmView = { ...alarm, value: state.lastValue ?? null, clearedAt: at, clearReason }
    state.lastValue = undefined
    state.okSince = undefined
    recent.unshift(done)
    if (recent.length > RECENT) recent.pop()
    callbacks.cleared(done)
  }

  function subjects(rule: AlarmRule, windowMs: number, shared: EvaluationInputs): readonly string[] {
    if (rule.figure === 'provider-stale') return rule.provider === '*' ? shared.providers() : [rule.provider!]
    if (rule.queue !== '*') return [rule.queue!]
    return shared.queues(windowMs)
  }

  /**
   * Each subject's figure, as `[subject, value, named in the message]`; a `per: rule` rule's one `*` subject carries
   * the worst figure (the highest for `above`, the lowest for `below`) and names the subject it came from.
   */
  function measured(
    rule: AlarmRule,
    windowMs: number,
    inputs: AlarmInputs,
    shared: EvaluationInputs,
  ): Array<[string, number | null, string]> {
    const each = subjects(rule, windowMs, shared).map((subject): [string, number | null, string] => [
      subject,
      value(rule, subject, windowMs, inputs, shared),
      subject,
    ])
    if (rule.per !== 'rule') return each
    let worst: [string, number | null, string] | undefined
    for (const entry of each) {
      const v = entry[1]
      if (v === null) continue
      if (!worst || (rule.above !== undefined ? v > worst[1]! : v < worst[1]!)) worst = entry
    }
    return [['*', worst?.[1] ?? null, worst ? `${worst[0]} (the worst of "*")` : '"*"']]
  }

  function value(
    rule: AlarmRule,
    subject: string,
    windowMs: number,
    inputs: AlarmInputs,
    shared: EvaluationInputs,
  ) {
    switch (rule.figure) {
      case 'oldest-waiting': {
        const w = inputs.waiting.get(subject)
        return w ? Math.max(0, inputs.now - w.since) / 1000 : 0
      }
      case 'waiting':
        return inputs.waiting.get(subject)?.count ?? 0
      case 'provider-stale':
        return inputs.window.providerStaleSeconds(subject, inputs.now) ?? null
      case 'overflow-rate': {
        // the report's entered and overflowOut of the window (history docs/figures.md "Entered and overflow out")
        const s = shared.sums(windowMs, subject)
        if (!s || s.entered < (rule.minEntered ?? DEFAULT_MIN_ENTERED)) return null
        return s.overflowOut / s.entered
      }
      default: {
        const offered = shared.sums(windowMs, subject)?.offered ?? 0
        if (offered < (rule.minOffered ?? 1)) return null
        const f = shared.figures(windowMs, subject)
        if (rule.figure === 'service-level') return f.serviceLevel
        if (rule.figure === 'asa') return f.asa
        return f.offered > 0 ? f.abandoned / f.offered : null
      }
    }
  }

  return {
    /** New rules (a reload): alarms of rules that are gone or changed clear; the others keep their state. */
    setRules(next: AlarmsDocument['rules'], at: number): void {
      const previous = rules
      rules = next
      for (const [ruleId, states] of tracked) {
        if (sameRule(previous[ruleId], next[ruleId])) continue
        for (const state of states.values()) clear(state, at, 'rule-changed')
        tracked.delete(ruleId)
      }
    },
    evaluate(inputs: AlarmInputs): void {
      const { now } = inputs
      const seenIn = ++evaluation
      const shared = evaluationInputs(kit, inputs)
      for (const [ruleId, rule] of Object.entries(rules)) {
        const windowMs = rule.window ?? inputs.monitorWindowMs
        const threshold = (rule.above ?? rule.below)!
        const clearAt = rule.clear ?? threshold
        let states = tracked.get(ruleId)
        // a window partly before a reload that changed T or S counts only the arrivals since: its figures would
        // raise or clear on what is missing, so the rule holds (its alarms and breaches as they are) until it filled
        if (WINDOW_FIGURES.has(rule.figure) && !shared.complete(windowMs)) {
          for (const state of states?.values() ?? []) state.seenIn = seenIn
          continue
        }
        for (const [subject, v, shown] of measured(rule, windowMs, inputs, shared)) {
          let state = states?.get(subject)
          const breached = v !== null && (rule.above !== undefined ? v > threshold : v < threshold)
          if (!state) {
            if (!breached) continue
            state = { seenIn }
            if (!states) {
              states = new Map()
              tracked.set(ruleId, states)
            }
            states.set(subject, state)
          }
          state.seenIn = seenIn
          const recovered = v === null || (rule.above !== undefined ? v <= clearAt : v >= clearAt)
          if (!state.active) {
            state.okSince = undefined
            if (!breached) {
              states!.delete(subject)
              continue
            }
            state.breachSince ??= now
            if (now - state.breachSince < (rule.for ?? 0)) continue
            const over =
              rule.window !== undefined || WINDOW_FIGURES.has(rule.figure)
                ? ` over ${formatDuration(windowMs)}`
                : ''
            const key = `${ruleId}/${subject}`
            const alarm: AlarmView = {
              id: key,
              rule: ruleId,
              subject,
              severity: rule.severity,
              figure: rule.figure,
              message:
                rule.message ??
                `${LABELS[rule.figure]} of ${shown} is ${formatAlarmFigure(v, rule.figure)}${over}, ${rule.above !== undefined ? 'above' : 'under'} ${formatAlarmFigure(threshold, rule.figure)}${rule.for ? ` for ${formatDuration(rule.for)}` : ''}`,
              value: round(v!),
              threshold,
              raisedAt: now,
            }
            state.active = alarm
            state.lastValue = alarm.value ?? undefined
            state.breachSince = undefined
            callbacks.raised(alarm)
            continue
          }
          state.active.value = v === null ? null : round(v)
          if (v !== null) state.lastValue = round(v)
          if (!recovered) {
            state.okSince = undefined
            continue
          }
          state.okSince ??= now
          if (now - state.okSince >= clearAfterOf(rule)) {
            clear(state, now, 'recovered')
            states!.delete(subject)
          }
        }
      }
      // a subject no longer reported (a queue nobody waits in, out of the window; a provider gone) is no data: it
      // counts as recovered, so its alarm clears after clearAfter as any other, not at once
      for (const [ruleId, states] of tracked) {
        const rule = rules[ruleId]
        for (const [subject, state] of states) {
          if (state.seenIn === seenIn) continue
          if (state.active) {
            state.active.value = null
            state.okSince ??= now
            if (rule && now - state.okSince < clearAfterOf(rule)) continue
            clear(state, now, 'subject-gone')
          }
          states.delete(subject)
        }
        if (states.size === 0) tracked.delete(ruleId)
      }
    },
    active(): AlarmView[] {
      return [...tracked.values()]
        .flatMap((states) => [...states.values()].flatMap((s) => (s.active ? [{ ...s.active }] : [])))
        .sort((a, b) => a.raisedAt - b.raisedAt || codeUnitOrder(a.id, b.id))
    },
    recent: (): AlarmView[] => recent.map((a) => ({ ...a })),
  }
}

export type AlarmEngine = ReturnType<typeof createAlarmEngine>
