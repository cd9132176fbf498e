// pure: queueing formulas for one group of identical agents (M/M/N and M/M/N+M), in any consistent time unit.

export interface ErlangInput {
  /** Arrivals per time unit (e.g. per second). */
  arrivalRate: number
  /** Average handle time, in the same time unit. */
  aht: number
  /** Agents serving the group. */
  agents: number
}

export interface ErlangCResult {
  /** A = arrivalRate x aht, in Erlangs. */
  offeredLoad: number
  /** A / N; below 1 the queue is stable. */
  occupancy: number
  stable: boolean
  /** Probability an arrival waits (P_W). 1 when unstable. */
  probabilityOfWaiting: number
  /** Average speed of answer over all arrivals, in the time unit; Infinity when unstable. */
  asa: number
  /** Share answered within `t` time units: 1 - P_W e^(-(N - A) t / AHT). */
  serviceLevel(t: number): number
}

function checkInput({ arrivalRate, aht, agents }: ErlangInput): void {
  if (!(arrivalRate >= 0) || !Number.isFinite(arrivalRate)) {
    throw new RangeError(`arrivalRate must be a finite number >= 0, got ${arrivalRate}`)
  }
  if (!(aht > 0) || !Number.isFinite(aht)) throw new RangeError(`aht must be a finite number > 0, got ${aht}`)
  if (!Number.isInteger(agents) || agents < 1)
    throw new RangeError(`agents must be an integer >= 1, got ${agents}`)
}

/** Erlang B by the stable recurrence B_0 = 1, B_k = A B_(k-1) / (k + A B_(k-1)). */
export function erlangB(offeredLoad: number, agents: number): number {
  let b = 1
  for (let k = 1; k <= agents; k++) b = (offeredLoad * b) / (k + offeredLoad * b)
  return b
}

/**
 * Erlang C: waiting probability, ASA and service level of an M/M/N queue.
 * @example erlangC({ arrivalRate: 8 / 180, aht: 180, agents: 10 }).serviceLevel(20) // 0.672 (P_W 0.409)
 */
export function erlangC(input: ErlangInput): ErlangCResult {
  checkInput(input)
  const { arrivalRate, aht, agents } = input
  const a = arrivalRate * aht
  const occupancy = a / agents
  if (occupancy >= 1) {
    return {
      offeredLoad: a,
      occupancy,
      stable: false,
      probabilityOfWaiting: 1,
      asa: Infinity,
      serviceLevel: () => 0,
    }
  }
  const b = erlangB(a, agents)
  const pw = b / (1 - occupancy * (1 - b))
  return {
    offeredLoad: a,
    occupancy,
    stable: true,
    probabilityOfWaiting: pw,
    asa: (pw * aht) / (agents - a),
    serviceLevel: (t) => Math.max(0, 1 - pw * Math.exp((-(agents - a) * t) / aht)),
  }
}

export interface ErlangAInput extends ErlangInput {
  /** Mean patience before a waiting caller hangs up, in the time unit (exponential). */
  patience: number
}

export interface ErlangAResult {
  offeredLoad: number
  /** Probability an arrival waits. */
  probabilityOfWaiting: number
  /** Probability an arrival abandons. */
  probabilityOfAbandon: number
  /** Average wait in queue over all arrivals (Little's law on the queue length). */
  averageWait: number
  /** Share of agents' time busy: served load / N. */
  occupancy: number
}

/** Where erlangA's weights are scaled back to a total of 1 (doubles end near 1.8e308). */
const RESCALE_ABOVE = 1e250

/**
 * Erlang A (M/M/N+M, Palm): the birth-death chain with abandonment, solved numerically up to a negligible tail.
 * A caller who finds q others waiting is served with probability prod_(k=0..q) (N mu + k theta) / (N mu + (k+1) theta).
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  checkInput(input)
  if (!(input.patience > 0)) throw new RangeError(`patience must be > 0, got ${input.patience}`)
  const { arrivalRate: lambda, aht, agents: n, patience } = input
  const mu = 1 / aht
  const theta = 1 / patience
  // unnormalised stationary weights, rescaled whenever their total nears the largest double
  const weights: number[] = [1]
  let total = 1
  for (let k = 1; k < 100_000; k++) {
    const death = Math.min(k, n) * mu + Math.max(0, k - n) * theta
    const w = ((weights[k - 1] ?? 0) * lambda) / death
    weights.push(w)
    total += w
    if (total > RESCALE_ABOVE) {
      // only the weights' shares count: scaled down, a load of ~1,440 Erlangs no longer overflows them to NaN
      for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) / total
      total = 1
    }
    if (k > n && (weights[k] ?? 0) < total * 1e-15) break
  }
  let pWait = 0
  let pAbandon = 0
  let queueLength = 0
  let served = 1
  for (let k = n; k < weights.length; k++) {
    const p = (weights[k] ?? 0) / total
    const q = k - n
    served *= (n * mu + q * theta) / (n * mu + (q + 1) * theta)
    pWait += p
    pAbandon += p * (1 - served)
    queueLength += p * q
  }
  const a = lambda * aht
  return {
    offeredLoad: a,
    probabilityOfWaiting: pWait,
    probabilityOfAbandon: pAbandon,
    averageWait: lambda > 0 ? queueLength / lambda : 0,
    occupancy: (a * (1 - pAbandon)) / n,
  }
}
