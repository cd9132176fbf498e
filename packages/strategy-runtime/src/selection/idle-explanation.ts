// pure: a longest-idle decision's explanation that keeps its figures and writes its candidate and reason text
// when something first reads them (a host that reads only who was routed makes no text).
import type { ExplainedCandidate, Explanation } from '../api/types.ts'
import { firstInLineReason, idleLongestReason } from './reasons.ts'

// the shared accessors of `candidates` and `reason` (set by the class's static block, which reads private fields)
let CANDIDATES: PropertyDescriptor
let REASON: PropertyDescriptor

/**
 * An Explanation of the usual decision (longest idle, no threshold, one target with agents ready) with the same
 * fields in the same order as the plain literal (`node`, `rule`, `candidates`, `reason`, `winner`): `candidates` and
 * `reason` are own enumerable accessors, so reads, JSON, spreads, structured clones and deep equality see the same
 * values as before; assigning either keeps the value given, as on a plain object. The figures stay private.
 */
export class IdleExplanation implements Explanation {
  declare node: string
  declare rule: string
  declare candidates: ExplainedCandidate[]
  declare reason: string
  declare winner: string
  /** The winner as decided (the figures do not follow a host's writes to `winner`). */
  #winner: string
  /** The winner's target label and time in ready (s), for its candidate entry and the reason. */
  #target: string
  #idle: number
  /** Candidates weighed; the list when more than the winner was listed (made by the caller). */
  #count: number
  #listed: ExplainedCandidate[] | undefined
  /** Set when an agent freeing up triggered the decision: who was first in line, who freed up, priority, wait. */
  #interaction: string | undefined = undefined
  #trigger = ''
  #priority = 0
  #waitedMs = 0
  #reason: string | undefined = undefined

  constructor(
    node: string,
    rule: string,
    winner: string,
    target: string,
    idle: number,
    listed: ExplainedCandidate[] | undefined,
  ) {
    this.#winner = winner
    this.#target = target
    this.#idle = idle
    this.#listed = listed
    this.#count = listed === undefined ? 1 : listed.length
    this.node = node
    this.rule = rule
    // shared accessor pairs, so every instance keeps one hidden class (defineProperties allocated ~350 B a call)
    Object.defineProperty(this, 'candidates', CANDIDATES)
    Object.defineProperty(this, 'reason', REASON)
    this.winner = winner
  }

  /** The decision was made for the first in line when `trigger` freed up (firstInLineReason's figures). */
  firstInLine(interaction: string, trigger: string, priority: number, waitedMs: number): void {
    this.#interaction = interaction
    this.#trigger = trigger
    this.#priority = priority
    this.#waitedMs = waitedMs
    this.#reason = undefined
  }

  static {
    CANDIDATES = {
      get(this: IdleExplanation) {
        let listed = this.#listed
        if (listed === undefined) {
          listed = [
            { agent: this.#winner, target: this.#target, values: { TimeInReadyState: this.#idle }, rank: 1 },
          ]
          this.#listed = listed
        }
        return listed
      },
      set(this: IdleExplanation, value: ExplainedCandidate[]) {
        this.#listed = value
      },
      enumerable: true,
      configurable: true,
    }
    REASON = {
      get(this: IdleExplanation) {
        let reason = this.#reason
        if (reason === undefined) {
          reason = idleLongestReason(this.#winner, this.#idle, this.#count)
          if (this.#interaction !== undefined)
            reason = firstInLineReason(
              this.#interaction,
              this.#trigger,
              this.#priority,
              this.#waitedMs,
              reason,
            )
          this.#reason = reason
        }
        return reason
      },
      set(this: IdleExplanation, value: string) {
        this.#reason = value
        this.#interaction = undefined
      },
      enumerable: true,
      configurable: true,
    }
  }
}
