// pure: the Erlang C and Erlang A figures for the settings of a run, to read beside the simulated ones
import {
  type ErlangAResult,
  type ErlangCResult,
  erlangA,
  erlangAOverProfile,
  erlangC,
  erlangCOverProfile,
} from '@routewright/strategy-runtime'
import { meanArrivalsPerHour, type SimSettings } from './sim-form.ts'

export interface ErlangFigures {
  /** The arrival rate used, per hour: the constant rate or the profile's mean over the measured period. */
  arrivalsPerHour: number
  offeredLoad: number
  agents: number
  /**
   * Erlang C (no abandonment); undefined when the load is at or over the agents (the queue grows without end). Over
   * a profile it is there unless every interval is over: an interval over capacity counts its calls as waiting and
   * late, and `overInSome` says so.
   */
  erlangC?: { serviceLevel: number; asa: number; probabilityOfWaiting: number; occupancy: number }
  /** A profile's day has intervals at or over the agents' capacity (Erlang C's ASA is then Infinity). */
  overInSome?: boolean
  /** Erlang A (with the patience given); undefined without patience. */
  erlangA?: { abandonRate: number; averageWait: number; probabilityOfWaiting: number; occupancy: number }
}

function figuresOf(
  settings: SimSettings,
  arrivalsPerHour: number,
  c: ErlangCResult,
  a: ErlangAResult | undefined,
): ErlangFigures {
  const figures: ErlangFigures = {
    arrivalsPerHour,
    offeredLoad: c.offeredLoad,
    agents: settings.agents.length,
  }
  if (c.stable || c.serviceLevel(settings.serviceLevelSeconds) > 0) {
    figures.erlangC = {
      serviceLevel: c.serviceLevel(settings.serviceLevelSeconds),
      asa: c.asa,
      probabilityOfWaiting: c.probabilityOfWaiting,
      occupancy: c.occupancy,
    }
    if (!c.stable) figures.overInSome = true
  }
  if (a) {
    figures.erlangA = {
      abandonRate: a.probabilityOfAbandon,
      averageWait: a.averageWait,
      probabilityOfWaiting: a.probabilityOfWaiting,
      occupancy: a.occupancy,
    }
  }
  return figures
}

/** Erlang at one rate: an interval's on the charts, or a constant day's. */
export function erlangFigures(settings: SimSettings, arrivalsPerHour: number): ErlangFigures {
  const input = {
    arrivalRate: arrivalsPerHour / 3600,
    aht: settings.ahtSeconds,
    agents: settings.agents.length,
  }
  const patience = settings.patienceSeconds
  const a = patience === undefined ? undefined : erlangA({ ...input, patience })
  return figuresOf(settings, arrivalsPerHour, erlangC(input), a)
}

/**
 * Erlang for the measured period: at the constant rate, or over a profile interval by interval, weighted by calls
 * (the mean rate would hide the peak); undefined when no call arrives in it.
 */
export function dayErlangFigures(settings: SimSettings): ErlangFigures | undefined {
  const rate = meanArrivalsPerHour(settings)
  if (!(rate > 0)) return undefined
  const profile = settings.arrivalProfile
  if (!profile || settings.arrivalsPerHour !== undefined) return erlangFigures(settings, rate)
  const span = {
    profile,
    fromHours: settings.warmupHours,
    toHours: settings.durationHours,
    ahtSeconds: settings.ahtSeconds,
    agents: settings.agents.length,
  }
  const patience = settings.patienceSeconds
  const a = patience === undefined ? undefined : erlangAOverProfile({ ...span, patienceSeconds: patience })
  return figuresOf(settings, rate, erlangCOverProfile(span), a)
}
