// What the rules of one evaluation share, each worked out once however many rules read it: a window's sums, its
// sorted subject list for `queue: "*"`, a queue's figures over a window, the provider list. Nothing is computed before
// a rule asks, so windowless figures on a named queue or provider cost no window sums.
import type { FigureSums, Figures } from '@routewright/history'
import type { HistoryKit } from '../history/history-kit.ts'
import type { AlarmInputs } from './alarm-engine.ts'

interface WindowShare {
  sums: Map<string, FigureSums>
  queues?: string[]
  figures: Map<string, Figures>
}

export interface EvaluationInputs {
  providers(): string[]
  /** Queues waiting now or with arrivals in the window, sorted: the subjects of a `queue: "*"` rule. */
  queues(windowMs: number): string[]
  sums(windowMs: number, queue: string): FigureSums | undefined
  /** Whether the window's sums hold all its arrivals (not a window partly before a reload that changed T or S). */
  complete(windowMs: number): boolean
  /** The figures of a queue's sums over the window (of empty sums when it had none). */
  figures(windowMs: number, queue: string): Figures
}

export function evaluationInputs(
  kit: Pick<HistoryKit, 'emptySums' | 'figuresOf'>,
  inputs: AlarmInputs,
): EvaluationInputs {
  const windows = new Map<number, WindowShare>()
  let providers: string[] | undefined
  const windowOf = (windowMs: number): WindowShare => {
    let share = windows.get(windowMs)
    if (!share) {
      const sums = inputs.window.sums(
        'queue',
        inputs.now,
        windowMs,
        inputs.serviceLevelSeconds,
        inputs.shortAbandonSeconds,
      )
      share = { sums, figures: new Map() }
      windows.set(windowMs, share)
    }
    return share
  }
  return {
    providers: () => {
      providers ??= inputs.window.providerNames()
      return providers
    },
    queues(windowMs) {
      const share = windowOf(windowMs)
      share.queues ??= [...new Set([...inputs.waiting.keys(), ...share.sums.keys()])].sort()
      return share.queues
    },
    sums: (windowMs, queue) => windowOf(windowMs).sums.get(queue),
    complete: (windowMs) =>
      inputs.window.complete(inputs.now, windowMs, inputs.serviceLevelSeconds, inputs.shortAbandonSeconds),
    figures(windowMs, queue) {
      const share = windowOf(windowMs)
      let figures = share.figures.get(queue)
      if (!figures) {
        figures = kit.figuresOf(share.sums.get(queue) ?? kit.emptySums())
        share.figures.set(queue, figures)
      }
      return figures
    },
  }
}
