// A submit for a host that sends many interactions alike and keeps their ids unique itself (simulate): the fields
// the host sends the same every time are checked once, not per call, and the id is not probed before it is added.
import type { Engine } from '../engine/engine.ts'
import { refuseInteractionFields } from '../engine/input-limits.ts'
import { newRun, type RunStart } from '../engine/run.ts'
import { NO_VALUES } from '../engine/values.ts'
import { message } from '../stats/stat-reader.ts'
import { emptyList } from '../util/small-array.ts'
import { startRun } from './router.ts'
import type { InteractionInput } from './types.ts'

/**
 * Submits `template` under each id given, as `router.submit({ ...template, id })` would for a valid id not in use,
 * with the same events. The template's fields are checked here, once: undefined when they would be refused, name no
 * loaded strategy or carry `connectedTo` (the host then submits as usual, and each call gets the usual answer). An id
 * that `submit` would refuse (empty, over `maxIdChars`, a control character) or that is live already is the
 * caller's bug: it throws. The template is read on every call (its `data` too), so the host must not change it.
 */
export function submitAlike(engine: Engine, template: InteractionInput): ((id: string) => void) | undefined {
  const strategy = engine.strategies.get(template.strategy)
  if (strategy === undefined || template.connectedTo !== undefined) return undefined
  if (refuseInteractionFields({ ...template, id: 'x' }, engine.limits) !== undefined) return undefined
  const input: InteractionInput = { ...template }
  // one start record filled per call (newRun copies it into the run): a literal per call was not optimised away here
  const start: RunStart = {
    id: '',
    strategy: input.strategy,
    media: input.media ?? 'voice',
    ani: input.ani ?? '',
    dnis: input.dnis ?? '',
    data: NO_VALUES,
    priority: input.priority ?? 0,
    startedAt: 0,
    firstQueuedAt: undefined,
    leftQueue: undefined,
    steps: 0,
    path: emptyList(),
    treatments: emptyList(),
    trace: emptyList(),
  }
  const maxIdChars = engine.limits.maxIdChars
  return (id) => {
    // the one check of the id left: a length (ids with control characters are never built by the caller)
    if (id === '' || id.length > maxIdChars)
      throw new Error(`submitAlike: id "${id.slice(0, 40)}" would be refused by submit`)
    // only a kept finished run of that id goes (no look-up when none are kept, as in a simulation)
    if (engine.finished.size > 0) engine.finished.delete(id)
    input.id = id
    start.id = id
    start.startedAt = engine.clock.now()
    const run = newRun(start, engine.spares.takeRun())
    if (!engine.runs.addUnique(run)) throw new Error(`submitAlike: interaction "${id}" is live already`)
    try {
      startRun(engine, run, strategy, input, undefined)
    } catch (error) {
      // as submit: a throw fails the registered run, never leaves it live
      engine.fail(run, `submit failed inside the router: ${message(error)}`)
    }
  }
}
