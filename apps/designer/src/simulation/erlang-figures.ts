// pure: the Erlang C and Erlang A figures for the settings of a run, to read beside the simulated ones
import { erlangA, erlangC } from '@routewright/strategy-runtime'
import type { SimSettings } from './sim-form.ts'

export interface ErlangFigures {
  /** The arrival rate used, per hour: the constant rate or the profile's mean over the measured period. */
  arrivalsPerHour: number
  offeredLoad: number
  agents: number
  /** Erlang C (no abandonment); undefined when the load is at or over the agents (the queue grows without end). */
  erlangC?: { serviceLevel: number; asa: number; probabilityOfWaiting: number; occupancy: number }
  /** Erlang A (with the patience given); undefined without patience. */
  erlangA?: { abandonRate: number; averageWait: number; probabilityOfWaiting: number; occupancy: number }
}

export function erlangFigures(settings: SimSettings, arrivalsPerHour: number): ErlangFigures {
  const agents = settings.agents.length
  const arrivalRate = arrivalsPerHour / 3600
  const input = { arrivalRate, aht: settings.ahtSeconds, agents }
  const c = erlangC(input)
  const figures: ErlangFigures = { arrivalsPerHour, offeredLoad: c.offeredLoad, agents }
  if (c.stable) {
    figures.erlangC = {
      serviceLevel: c.serviceLevel(settings.serviceLevelSeconds),
      asa: c.asa,
      probabilityOfWaiting: c.probabilityOfWaiting,
      occupancy: c.occupancy,
    }
  }
  if (settings.patienceSeconds !== undefined) {
    const a = erlangA({ ...input, patience: settings.patienceSeconds })
    figures.erlangA = {
      abandonRate: a.probabilityOfAbandon,
      averageWait: a.averageWait,
      probabilityOfWaiting: a.probabilityOfWaiting,
      occupancy: a.occupancy,
    }
  }
  return figures
}
