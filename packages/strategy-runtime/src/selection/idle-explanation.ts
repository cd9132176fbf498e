// pure: a longest-idle decision's explanation that keeps the figures of its reason and writes the text when something
// first reads it (a host that reads only who was routed makes none).
import type { ExplainedCandidate, Explanation } from '../api/types.ts'
import { firstInLineReason, idleLongestReason } from './reasons.ts'

// the shared accessor of `reason` (set by the class's static block, which reads private fields)
let REASON: PropertyDescriptor

/**
 * An Explanation of the usual decision (longest idle, no threshold, one target with agents ready) with the same
 * fields in the same order as the plain literal (`node`, `rule`, `candidates`, `reason`, `winner`). `reason` is an own
 * enumerable accessor, so reads, JSON, spreads, structured clones and deep equality see the same text as before;
 * assigning it keeps the value given, as on a plain object. Only the reason is deferred: one accessor costs one
 * defineProperty (a runtime call) per decision, and a second one for the candidates cost more than building them.
 */
export class IdleExplanation implements Explanation {
  declare node: string
  declare rule: string
  declare candidates: ExplainedCandidate[]
  declare reason: string
  declare winner: string
  /** The winner as decided, its time in ready (s) and the candidates weighed (idleLongestReason's figures). */
  #winner: string
  #idle: number
  #count: number
  /** Set when an agent freeing up triggered the decision: who was first in line, who freed up, priority, wait. */
  #interaction: string | undefined = undefined
  #trigger = ''
  #priority = 0
  #waitedMs = 0
  #reason: string | undefined = undefined

  constructor(node: string, rule: string, candidates: ExplainedCandidate[], winner: string, idle: number) {
    this.#winner = winner
    this.#idle = idle
    this.#count = candidates.length
    this.node = node
    this.rule = rule
    this.candidates = candidates
    // a shared accessor pair, so every instance keeps one hidden class (defineProperties allocated ~350 B a call)
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
