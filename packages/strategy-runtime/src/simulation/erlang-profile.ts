// pure: Erlang C and Erlang A over a day whose rate changes by interval, as workforce planning reads one: each
// interval at its own rate, the figures per call weighted by the calls it offers. One rate for the whole day (the
// mean) hides the peak: a day quiet but for a morning at twice the staff's capacity looks fine at its mean.
import { type ArrivalProfile, profileIntervals } from './arrival-rate.ts'
import { type ErlangAResult, type ErlangCResult, erlangA, erlangC } from './erlang.ts'

/** The measured part of a simulated day: hours from its start, and the staff and handle time (seconds). */
export interface ProfileSpan {
  profile: ArrivalProfile
  fromHours: number
  toHours: number
  ahtSeconds: number
  agents: number
}

/** Each interval with calls: its calls (weight), hours, and the model's figures at its rate. */
function perInterval<T>(span: ProfileSpan, model: (arrivalRate: number) => T) {
  const out: Array<{ calls: number; hours: number; figures: T }> = []
  for (const { perHour, hours } of profileIntervals(span.profile, span.fromHours, span.toHours))
    if (perHour > 0) out.push({ calls: perHour * hours, hours, figures: model(perHour / 3600) })
  return out
}

function totals(span: ProfileSpan, intervals: ReadonlyArray<{ calls: number }>) {
  const calls = intervals.reduce((sum, i) => sum + i.calls, 0)
  const hours = span.toHours - span.fromHours
  return { calls, hours, load: hours > 0 ? (calls * span.ahtSeconds) / 3600 / hours : 0 }
}

/**
 * Erlang C interval by interval. Offered load and occupancy are averages over the hours; waiting, ASA and service
 * level averages over the calls. An interval at or over the staff's capacity has no steady state: the day is then
 * not stable, its calls count as waiting and not answered in time, and the ASA is Infinity.
 */
export function erlangCOverProfile(span: ProfileSpan): ErlangCResult {
  const base = { aht: span.ahtSeconds, agents: span.agents }
  const intervals = perInterval(span, (arrivalRate) => erlangC({ ...base, arrivalRate }))
  const { calls, hours, load } = totals(span, intervals)
  const byCall = (pick: (c: ErlangCResult) => number) =>
    calls > 0 ? intervals.reduce((sum, i) => sum + i.calls * pick(i.figures), 0) / calls : 0
  const stable = intervals.every((i) => i.figures.stable)
  const busy = intervals.reduce((sum, i) => sum + Math.min(1, i.figures.occupancy) * i.hours, 0)
  return {
    offeredLoad: load,
    occupancy: hours > 0 ? busy / hours : 0,
    stable,
    probabilityOfWaiting: byCall((c) => c.probabilityOfWaiting),
    asa: stable ? byCall((c) => c.asa) : Infinity,
    serviceLevel: (t) => byCall((c) => c.serviceLevel(t)),
  }
}

/** Erlang A interval by interval (always has a steady state: callers leave), weighted as erlangCOverProfile. */
export function erlangAOverProfile(span: ProfileSpan & { patienceSeconds: number }): ErlangAResult {
  const base = { aht: span.ahtSeconds, agents: span.agents, patience: span.patienceSeconds }
  const intervals = perInterval(span, (arrivalRate) => erlangA({ ...base, arrivalRate }))
  const { calls, hours, load } = totals(span, intervals)
  const byCall = (pick: (a: ErlangAResult) => number) =>
    calls > 0 ? intervals.reduce((sum, i) => sum + i.calls * pick(i.figures), 0) / calls : 0
  const busy = intervals.reduce((sum, i) => sum + i.figures.occupancy * i.hours, 0)
  return {
    offeredLoad: load,
    probabilityOfWaiting: byCall((a) => a.probabilityOfWaiting),
    probabilityOfAbandon: byCall((a) => a.probabilityOfAbandon),
    averageWait: byCall((a) => a.averageWait),
    occupancy: hours > 0 ? busy / hours : 0,
  }
}
